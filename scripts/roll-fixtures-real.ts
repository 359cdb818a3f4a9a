/**
 * The exceljs, text and structural-variant files of the real-producers roll fixture set (issue 15),
 * from the truth table in roll-truth.ts. Structural variants take an exceljs workbook apart and
 * write its parts again the way other writers do (Open XML SDK prefixes and inline strings,
 * ClosedXML's part names, single quotes, CDATA, ZIP64, a renamed shared-strings part).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ZipArchive } from '../electron/station/import/zip.js';
import { frozenXlsx, writeZip, type ZipInput } from './roll-zip.js';
import { CLERK, CUT, cutId, MEMBERS, OLD_ROLL, truthJson, VILLAGERS, type Person } from './roll-truth.js';

const SEX = { M: '男', F: '女' } as const;
const xlsx = frozenXlsx;

const FULL_HEADER = ['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '联系电话', '审批文号', '备注'];
const fullRow = (p: Person, i: number): (string | number)[] => [i + 1, p.name, SEX[p.sex], p.id, p.group, p.written, '', p.approvalRef, p.note];

function villagersSheet(wb: ExcelJS.Workbook, name = '选民名单'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(FULL_HEADER);
  ws.getColumn(4).numFmt = '@';
  VILLAGERS.forEach((p, i) => ws.addRow(fullRow(p, i)));
  return ws;
}

const CLERK_HEADER = ['序号', '姓名', '性别', '身份证号码', '组别', '联系电话'];
function clerkSheet(wb: ExcelJS.Workbook, name: string, people: readonly Person[], state?: 'hidden'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, state ? { state } : {});
  ws.addRow([`青山村${name}`]);
  ws.mergeCells(1, 1, 1, CLERK_HEADER.length);
  ws.addRow(CLERK_HEADER);
  ws.getColumn(4).numFmt = '@';
  people.forEach((p, i) => ws.addRow([i + 1, p.name, SEX[p.sex], p.id, p.group, `139${String(i).padStart(8, '0')}`]));
  return ws;
}

// ---------------------------------------------------------------------------------------------
// Rewriting an xlsx's parts

type Parts = { name: string; text: string }[];

function partsOf(buf: Buffer): Parts {
  const z = new ZipArchive(buf, { maxEntryBytes: 1 << 26, maxTotalBytes: 1 << 28 });
  return z.entries.filter((e) => !e.name.endsWith('/')).map((e) => ({ name: e.name, text: (z.read(e.name) as Buffer).toString('utf8') }));
}

const pack = (parts: Parts, o: { zip64?: boolean } = {}): Buffer => writeZip(parts.map((p): ZipInput => ({ name: p.name, data: Buffer.from(p.text, 'utf8') })), o);

const isSml = (name: string): boolean => /^xl\/(workbook|sharedStrings|styles)\.xml$|^xl\/worksheets\/[^/]+\.xml$/.test(name);

/** Shared strings turned into inline strings in the sheets (as the Open XML SDK's users write them). */
function inlineStrings(parts: Parts): Parts {
  const ss = parts.find((p) => p.name === 'xl/sharedStrings.xml');
  const strings = [...(ss?.text ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1] ?? '');
  return parts
    .filter((p) => p.name !== 'xl/sharedStrings.xml')
    .map((p) =>
      p.name.startsWith('xl/worksheets/')
        ? { ...p, text: p.text.replace(/<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g, (_m, a: string, b: string, i: string) => `<c ${a}t="inlineStr"${b}><is>${strings[Number(i)] ?? ''}</is></c>`) }
        : p.name === '[Content_Types].xml'
          ? { ...p, text: p.text.replace(/<Override PartName="\/xl\/sharedStrings.xml"[^>]*\/>/, '') }
          : p.name === 'xl/_rels/workbook.xml.rels'
            ? { ...p, text: p.text.replace(/<Relationship [^>]*sharedStrings[^>]*\/>/, '') }
            : p,
    );
}

/** Every SpreadsheetML element with an x: prefix (the Open XML SDK's default). */
function prefixed(parts: Parts): Parts {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return parts.map((p) =>
    isSml(p.name)
      ? { ...p, text: p.text.replace(/<(\/?)([A-Za-z][\w]*)(?=[\s/>])/g, '<$1x:$2').replace(`xmlns="${NS}"`, `xmlns:x="${NS}"`) }
      : p,
  );
}

function renamePart(parts: Parts, from: string, to: string): Parts {
  const base = (s: string) => s.replace(/^xl\//, '');
  return parts.map((p) => {
    if (p.name === from) return { ...p, name: to };
    if (p.name === '[Content_Types].xml') return { ...p, text: p.text.replace(`/${from}"`, `/${to}"`) };
    if (p.name === 'xl/_rels/workbook.xml.rels') return { ...p, text: p.text.replace(`"${base(from)}"`, `"${base(to)}"`).replace(`"/${from}"`, `"/${to}"`) };
    return p;
  });
}

function singleQuotes(parts: Parts): Parts {
  return parts.map((p) => (p.name.endsWith('.xml') || p.name.endsWith('.rels') ? { ...p, text: p.text.replace(/="([^"]*)"/g, (_m, v: string) => `='${v.replace(/'/g, '&apos;')}'`) } : p));
}

function cdata(parts: Parts): Parts {
  const un = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return parts.map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, text: p.text.replace(/<t>([^<]*)<\/t>/g, (_m, t: string) => `<t><![CDATA[${un(t)}]]></t>`) } : p));
}

/** Two sheets whose parts lie in the opposite order to their tabs. */
async function tabOrder(): Promise<Buffer> {
  // exceljs names parts by creation and lists tabs by orderNo: old roll first part, second tab
  const buf = await xlsx((wb) => {
    const old = clerkSheet(wb, '2021年', OLD_ROLL);
    const now = clerkSheet(wb, '2024年', CLERK);
    old.orderNo = 2;
    now.orderNo = 1;
  });
  const parts = partsOf(buf);
  // the archive itself in part-name order, as a writer that keeps part names does
  const rank = (n: string): number => (n === 'xl/worksheets/sheet1.xml' ? 0 : n === 'xl/worksheets/sheet2.xml' ? 1 : -1);
  const sheets = parts.filter((p) => rank(p.name) >= 0).sort((a, b) => rank(a.name) - rank(b.name));
  return pack([...parts.filter((p) => rank(p.name) < 0 && p.name !== 'xl/workbook.xml'), ...sheets, ...parts.filter((p) => p.name === 'xl/workbook.xml')]);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const lines = (rows: readonly (readonly (string | number)[])[], sep = ','): string => rows.map((r) => r.map((c) => (sep === ',' ? csvField(String(c)) : String(c))).join(sep)).join('\r\n') + '\r\n';

/**
 * A password-protected xlsx as Office writes it: an OLE compound file (CFB v3, 512-byte sectors)
 * holding an EncryptionInfo and an EncryptedPackage stream. The contents are random bytes of the
 * right sizes (no key could open them); what the reader must recognise is the container and the
 * stream names. (LibreOffice 7.4 here would not write an encrypted xlsx through its UNO bridge.)
 */
export function encryptedOoxml(): Buffer {
  const S = 512;
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const info = Buffer.alloc(4096);
  info.writeUInt16LE(4, 0); // agile encryption, version 4.4
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  info.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>', 8, 'utf8');
  const pkg = Buffer.alloc(8 + 6144);
  pkg.writeBigUInt64LE(6000n, 0);
  let x = 99;
  for (let i = 8; i < pkg.length; i++) pkg[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  const infoSectors = info.length / S;
  const pkgSectors = Math.ceil(pkg.length / S);
  const fat = Buffer.alloc(S, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(END, 4); // sector 1: the directory
  let sec = 2;
  const chain = (n: number): number => {
    const start = sec;
    for (let i = 0; i < n; i++, sec++) fat.writeUInt32LE(i === n - 1 ? END : sec + 1, sec * 4);
    return start;
  };
  const infoStart = chain(infoSectors);
  const pkgStart = chain(pkgSectors);
  const dir = Buffer.alloc(S);
  const entry = (i: number, name: string, type: number, child: number, right: number, start: number, size: number): void => {
    const e = i * 128;
    dir.write(name, e, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, e + 0x40);
    dir[e + 0x42] = type;
    dir[e + 0x43] = 1; // black
    dir.writeUInt32LE(FREE, e + 0x44);
    dir.writeUInt32LE(right, e + 0x48);
    dir.writeUInt32LE(child, e + 0x4c);
    dir.writeUInt32LE(start, e + 0x74);
    dir.writeUInt32LE(size, e + 0x78);
  };
  entry(0, 'Root Entry', 5, 1, FREE, END, 0);
  entry(1, 'EncryptionInfo', 2, FREE, 2, infoStart, info.length);
  entry(2, 'EncryptedPackage', 2, FREE, FREE, pkgStart, pkg.length);
  const header = Buffer.alloc(S);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // the directory's first sector
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((S - (b.length % S)) % S)]);
  return Buffer.concat([header, fat, dir, pad(info), pad(pkg)]);
}

export async function writeRealProducerFixtures(out: string): Promise<void> {
  const put = (f: string, b: Buffer | string) => writeFileSync(join(out, f), b);
  put('truth.json', `${truthJson()}\n`);

  put('clerk-no-category.xlsx', await xlsx((wb) => clerkSheet(wb, '选民名单', CLERK)));

  put(
    'hidden-old-sheet.xlsx',
    await xlsx((wb) => {
      clerkSheet(wb, '2021年选民名单', OLD_ROLL, 'hidden');
      clerkSheet(wb, '2024年选民名单', CLERK);
    }),
  );
  put('tab-order.xlsx', await tabOrder());

  put(
    'formula-errors.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(FULL_HEADER);
      VILLAGERS.forEach((p, i) => {
        const row = fullRow(p, i) as unknown[];
        // a VLOOKUP against the household register that missed one person
        if (p.key === 'v02') row[1] = { formula: 'VLOOKUP(D3,户籍!A:B,2,FALSE)', result: { error: '#N/A' } };
        if (p.key === 'v04') row[6] = { formula: 'VLOOKUP(D5,电话!A:B,2,FALSE)', result: { error: '#N/A' } };
        if (p.key === 'v05') row[4] = { formula: '"第"&"三"&"组"', result: p.group };
        if (p.key === 'v06') row[8] = { formula: 'LEN(B7)>1', result: true };
        ws.addRow(row);
      });
      ws.getColumn(4).numFmt = '@';
    }),
  );

  put(
    'hidden-rows.xlsx',
    await xlsx((wb) => {
      const ws = villagersSheet(wb);
      VILLAGERS.forEach((p, i) => {
        if (p.key === 'v03' || p.key === 'v09') ws.getRow(i + 2).hidden = true;
      });
    }),
  );

  put(
    'two-row-header.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(['青山村第十二届村民委员会选举选民登记表']);
      ws.mergeCells('A1:I1');
      ws.addRow(['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '审批文号', '其他信息', null]);
      ws.addRow([null, null, null, null, null, null, null, '联系电话', '备注']);
      for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) ws.mergeCells(`${c}2:${c}3`);
      ws.mergeCells('H2:I2');
      ws.getColumn(4).numFmt = '@';
      VILLAGERS.forEach((p, i) => ws.addRow([i + 1, p.name, SEX[p.sex], p.id, p.group, p.written, p.approvalRef, '', p.note]));
    }),
  );

  put(
    'repeated-header.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(FULL_HEADER);
      VILLAGERS.slice(0, 5).forEach((p, i) => ws.addRow(fullRow(p, i)));
      ws.addRow(FULL_HEADER);
      VILLAGERS.slice(5).forEach((p, i) => ws.addRow(fullRow(p, i + 5)));
      ws.getColumn(4).numFmt = '@';
    }),
  );

  put(
    'invisible-chars.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(FULL_HEADER);
      ws.getColumn(4).numFmt = '@';
      VILLAGERS.forEach((p, i) => {
        const row = fullRow(p, i);
        if (p.key === 'v02') row[1] = `${p.name.slice(0, 1)}\u200B${p.name.slice(1)}`;
        if (p.key === 'v03') row[1] = `\u202E${p.name}`;
        if (p.key === 'v05') row[3] = `\uFEFF${p.id}\u200D`;
        ws.addRow(row);
      });
    }),
  );

  put(
    'unknown-headers.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('花名册');
      ws.addRow(['青山村村民花名册']);
      ws.addRow(['编号', '名字', '证件号码', '住址', '备考']);
      ws.getColumn(3).numFmt = '@';
      CLERK.forEach((p, i) => ws.addRow([i + 1, p.name, p.id, p.group, p.note]));
    }),
  );

  put(
    'address-group.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(['姓名', '性别', '身份证号码', '住址', '类别', '审批文号']);
      ws.getColumn(3).numFmt = '@';
      for (const p of VILLAGERS) ws.addRow([p.name, SEX[p.sex], p.id, `青山村${p.group}`, p.written, p.approvalRef]);
    }),
  );

  put(
    'number-format-ids.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('选民名单');
      ws.addRow(CLERK_HEADER);
      // IDs typed over a column that was number-formatted: text now, but cut before
      [...CLERK, CUT.passes, CUT.fails].forEach((p, i) => {
        const id = p === CUT.passes || p === CUT.fails ? cutId(p) : p.id;
        const r = ws.addRow([i + 1, p.name, SEX[p.sex], id, p.group, '']);
        r.getCell(4).numFmt = '0';
      });
    }),
  );

  put(
    'party-members.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('党员名册');
      ws.addRow(['序号', '姓名', '性别', '身份证号码', '党小组', '党员类别']);
      ws.getColumn(4).numFmt = '@';
      MEMBERS.forEach((p, i) => ws.addRow([i + 1, p.name, SEX[p.sex], p.id, p.group, p.written]));
    }),
  );
  put(
    'party-no-status.xlsx',
    await xlsx((wb) => {
      const ws = wb.addWorksheet('党员名册');
      ws.addRow(['序号', '姓名', '身份证号码', '党小组']);
      ws.getColumn(3).numFmt = '@';
      MEMBERS.filter((p) => p.category === 'full').forEach((p, i) => ws.addRow([i + 1, p.name, p.id, p.group]));
    }),
  );

  // text files
  const cutRows = [CLERK_HEADER, ...[...CLERK, CUT.passes, CUT.fails].map((p, i) => [i + 1, p.name, SEX[p.sex], p === CUT.passes || p === CUT.fails ? cutId(p) : p.id, p.group, ''])];
  put('excel-cut-ids.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(cutRows), 'utf8')]));
  const full = [FULL_HEADER, ...VILLAGERS.map(fullRow)];
  // iconv-lite writes "?" for a character GBK lacks, as Excel's ANSI CSV does
  put('gbk-lost-rare.csv', iconv.encode(lines(full), 'gbk'));
  put('utf16-no-bom.txt', Buffer.from(lines(full, '\t'), 'utf16le'));
  put('unicode-text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(full, '\t'), 'utf16le')]));
  const head = lines([CLERK_HEADER, ...CLERK.slice(0, 4).map((p, i) => [i + 1, p.name, SEX[p.sex], p.id, p.group, ''])]);
  const tail = lines(CLERK.slice(4).map((p, i) => [i + 5, p.name, SEX[p.sex], p.id, p.group, '']));
  put('mixed-encoding.csv', Buffer.concat([Buffer.from(head, 'utf8'), iconv.encode(tail, 'gbk')]));
  put(
    'web-export.xls',
    iconv.encode(
      `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta name="ProgId" content="Excel.Sheet"></head>\r\n<body><table border="1">\r\n<tr><td>姓名</td><td>性别</td><td>身份证号码</td><td>村民小组</td></tr>\r\n${CLERK.map(
        (p) => `<tr><td>${p.name}</td><td>${SEX[p.sex]}</td><td style="mso-number-format:'\\@'">${p.id}</td><td>${p.group}</td></tr>`,
      ).join('\r\n')}\r\n</table></body></html>\r\n`,
      'gbk',
    ),
  );

  put('encrypted.xlsx', encryptedOoxml());

  // structural variants of one exceljs workbook
  const base = partsOf(await xlsx((wb) => villagersSheet(wb)));
  put('openxml-sdk.xlsx', pack(prefixed(inlineStrings(base))));
  put('closedxml.xlsx', pack(renamePart(base, 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet.xml')));
  put('renamed-strings.xlsx', pack(renamePart(base, 'xl/sharedStrings.xml', 'xl/strings.xml')));
  put('single-quotes.xlsx', pack(singleQuotes(base)));
  put('cdata.xlsx', pack(cdata(base)));
  put('zip64.xlsx', pack(base, { zip64: true }));
  put(
    'binary.xlsb',
    writeZip([
      {
        name: '[Content_Types].xml',
        data: Buffer.from(
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
        ),
      },
      {
        name: '_rels/.rels',
        data: Buffer.from(
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        ),
      },
      { name: 'xl/workbook.bin', data: Buffer.from([0x83, 0x01, 0x00, 0x84, 0x01, 0x00]) },
    ]),
  );
}
