// What `npm run dist` would have to download (scripts/dist.mjs): a plain function of its inputs, so it
// is tested without packaging anything.

/** The archs electron-builder.yml lists for a platform's targets (`win: { target: [{ arch: [x64] }] }`). */
function configArchs(config, key) {
  const targets = config?.[key]?.target;
  const list = Array.isArray(targets) ? targets : targets ? [targets] : [];
  const archs = list.flatMap((t) => (typeof t === 'object' && t !== null ? (Array.isArray(t.arch) ? t.arch : t.arch ? [t.arch] : []) : []));
  return [...new Set(archs.length > 0 ? archs : ['x64'])];
}

/** The (platform, arch) pairs electron-builder will package for, from its arguments or the config. */
export function distTargets(argv, config) {
  const platforms = [['--win', 'win32'], ['-w', 'win32'], ['--linux', 'linux'], ['-l', 'linux'], ['--mac', 'darwin'], ['-m', 'darwin']].filter(([f]) => argv.includes(f)).map(([, p]) => p);
  const archs = ['x64', 'arm64', 'ia32', 'armv7l'].filter((a) => argv.includes(`--${a}`));
  const keyOf = { win32: 'win', linux: 'linux', darwin: 'mac' };
  const configured = ['win32', 'linux', 'darwin'].filter((p) => config?.[keyOf[p]]);
  const chosen = platforms.length > 0 ? [...new Set(platforms)] : configured;
  return chosen.flatMap((p) => (archs.length > 0 ? archs : configArchs(config, keyOf[p])).map((a) => ({ platform: p, arch: a })));
}

/** Where @electron/get keeps the Electron zips it downloaded. */
export function electronCacheDir(env, home, platform, join) {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'electron');
}

/** A file of that name directly in `dir` or one folder below (the cache keeps each download in a hashed folder). */
function inCache(dir, name, list, join, exists) {
  if (exists(join(dir, name))) return true;
  return list(dir).some((sub) => exists(join(dir, sub, name)));
}

/**
 * What packaging would still have to download, each in plain words (empty when nothing): Electron's
 * zip per target unless electron-builder.yml sets electronDist, and Electron's headers unless the
 * Electron build of better-sqlite3 is already there, ELECTRON_HEADERS_DIR is set or node-gyp has them.
 */
export function missingForDist({ argv, config, electronVersion, env, home, platform, hostArch, exists, list, join }) {
  const missing = [];
  if (!config?.electronDist) {
    const cache = electronCacheDir(env, home, platform, join);
    const zips = distTargets(argv, config)
      .map(({ platform: p, arch }) => `electron-v${electronVersion}-${p}-${arch}.zip`)
      .filter((zip) => !inCache(cache, zip, list, join, exists));
    if (zips.length > 0) missing.push(`Electron 程序压缩包 ${zips.join('、')}（放进 ${cache}，或在 electron-builder.yml 里用 electronDist 指向解压好的 Electron）`);
  }
  const built = exists(join('native', 'electron', `built-for-electron-${electronVersion}-${hostArch}`));
  const devdir = env.npm_config_devdir ?? join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'node-gyp');
  const headers = env.ELECTRON_HEADERS_DIR || exists(join(devdir, electronVersion, 'include', 'node', 'node_version.h'));
  if (!built && !headers) missing.push(`Electron ${electronVersion} 的头文件（编译 better-sqlite3 用；可设 ELECTRON_HEADERS_DIR 指向已下载的头文件目录）`);
  return missing;
}
