import type * as Docx from 'docx';

let loading: Promise<typeof Docx> | undefined;
/**
 * The .docx writer, loaded with the first document (as ExcelJS in excel.ts): ~10 MB and ~75 ms that a
 * start does not spend. A module that writes documents binds it at the top of its rendering function
 * (`D = await docxLib()`) and its helpers, called only from there, use `D`.
 */
export function docxLib(): Promise<typeof Docx> {
  return (loading ??= import('docx'));
}
