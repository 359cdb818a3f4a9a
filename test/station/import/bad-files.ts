/** The roll fixtures no import may accept, with the refusal code each must give (reader and station alike). */
export const BAD_ROLL_FILES: readonly (readonly [file: string, code: string])[] = [
  ['empty.csv', 'IMPORT_EMPTY_FILE'],
  ['empty.xlsx', 'IMPORT_EMPTY_FILE'],
  ['blank-lines.csv', 'IMPORT_EMPTY_FILE'],
  ['header-only.csv', 'IMPORT_NO_DATA_ROWS'],
  ['header-only.xlsx', 'IMPORT_NO_DATA_ROWS'],
  ['garbage.bin', 'IMPORT_NOT_SPREADSHEET'],
  ['garbage.xlsx', 'IMPORT_NOT_SPREADSHEET'],
  ['corrupt-zip.xlsx', 'IMPORT_NOT_SPREADSHEET'],
  ['legacy.xls', 'IMPORT_OLD_XLS'],
  // issue 15: each recognised, each saying exactly what to do
  ['encrypted.xlsx', 'IMPORT_ENCRYPTED'],
  ['libreoffice.xls', 'IMPORT_OLD_XLS'],
  ['wps.et', 'IMPORT_WPS_ET'],
  ['web-export.xls', 'IMPORT_HTML_TABLE'],
  ['libreoffice-html.xls', 'IMPORT_HTML_TABLE'],
  ['libreoffice-2003.xml', 'IMPORT_XML_2003'],
  ['libreoffice.ods', 'IMPORT_ODS'],
  ['binary.xlsb', 'IMPORT_XLSB'],
  ['mixed-encoding.csv', 'IMPORT_MIXED_ENCODING'],
];
