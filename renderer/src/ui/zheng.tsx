/** 正字 tally: every five votes one full 正, the remainder as the first strokes of the next. */
const PARTS = ['一', '丅', '下', '止', '正'];

export function zhengParts(n: number): { full: number; rest: string } {
  const full = Math.floor(n / 5);
  const r = n % 5;
  return { full, rest: r === 0 ? '' : (PARTS[r - 1] ?? '') };
}

export function Zheng({ n }: { n: number }) {
  const { full, rest } = zhengParts(n);
  return (
    // Smaller strokes as the tally grows, so a few hundred votes still fit on the projector.
    <span
      className={`zheng ${full > 60 ? 'zheng-xs' : full > 24 ? 'zheng-s' : full > 8 ? 'zheng-m' : ''}`}
      aria-label={`${n} 票`}
    >
      {'正'.repeat(full)}
      {rest ? <span className="part">{rest}</span> : null}
    </span>
  );
}
