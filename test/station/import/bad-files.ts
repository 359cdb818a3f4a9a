/** The roll fixtures no import may accept, with the refusal code each must give (reader and station alike). */
export const BAD_ROLL_FILES: readonly (readonly [file: string, code: string])[] = [
  ['empty.csv', 'IMPORT_EMPTY_FILE'],
  ['empty.xlsx', 'IMPORT_EMPTY_FILE'],
  ['blank-lines.csv', 'IMPORT_EMPTY_FILE'],
  ['header-only.csv', 'IMPORT_NO_DATA_ROWS'],
  ['header-only.xlsx', 'IMPORT_NO_DATA_ROWS'],
  ['wrong-headers.csv', 'IMPORT_HEADER_MISSING'],
  ['wrong-headers.xlsx', 'IMPORT_HEADER_MISSING'],
  ['garbage.bin', 'IMPORT_NOT_SPREADSHEET'],
  ['garbage.xlsx', 'IMPORT_NOT_SPREADSHEET'],
  ['corrupt-zip.xlsx', 'IMPORT_NOT_SPREADSHEET'],
  ['legacy.xls', 'IMPORT_OLD_XLS'],
];
