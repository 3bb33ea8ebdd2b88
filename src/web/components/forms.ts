import type { FormInstance } from 'antd';
import { ApiError } from '../lib/api';

/** Put the server's field errors (VALIDATION details) on the form fields; other errors as a message. */
export function applyServerErrors(form: FormInstance, e: unknown, message: { error(s: string): unknown }): void {
  if (e instanceof ApiError && e.fieldIssues.length) {
    const known = new Set(Object.keys(form.getFieldsValue(true)));
    const onFields = e.fieldIssues.filter((i) => known.has(i.path.split('.')[0]));
    form.setFields(onFields.map((i) => ({ name: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [i.message] })));
    if (onFields.length < e.fieldIssues.length || onFields.length === 0) message.error(e.message);
    return;
  }
  message.error(e instanceof ApiError ? e.message : '操作失败');
}
