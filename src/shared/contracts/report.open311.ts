import { z } from 'zod';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) shapes: the public API of 12350
 * reports. Field names are the spec's (snake_case). Every path ends in .json or .xml; errors are
 * the spec's list `[{ code, description }]` (XML: <errors><error>…</error></errors>).
 */

export const Format = z.enum(['json', 'xml'], { message: '格式应为 json 或 xml' });
export const JurisdictionQuery = z.object({ jurisdiction_id: z.string().max(100).optional().meta({ description: '管辖区标识（本系统为 420112，可省略）' }) });

export const O311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export const O311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: z.string(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
    }),
  ),
});

/** POST requests: form-encoded (application/x-www-form-urlencoded). */
export const O311PostForm = z
  .object({
    api_key: z.string().max(200).optional().meta({ description: '合作应用密钥（提交时必填，由区安委办发放）' }),
    jurisdiction_id: z.string().max(100).optional(),
    service_code: z.string().max(40).optional(),
    lat: z.string().max(30).optional(),
    long: z.string().max(30).optional(),
    address_string: z.string().max(200).optional(),
    address_id: z.string().max(60).optional(),
    email: z.string().max(120).optional(),
    device_id: z.string().max(64).optional(),
    account_id: z.string().max(64).optional(),
    first_name: z.string().max(30).optional(),
    last_name: z.string().max(30).optional(),
    phone: z.string().max(30).optional(),
    description: z.string().max(4000).optional(),
    media_url: z.string().max(500).optional(),
    attribute: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional().meta({ description: 'attribute[code]=value' }),
  })
  .meta({ description: '按规范以表单编码提交；字段校验失败时按 Open311 错误列表返回' });
export type O311PostForm = z.infer<typeof O311PostForm>;

export const O311Created = z.array(z.object({ service_request_id: z.string(), token: z.string().optional(), service_notice: z.string(), account_id: z.string().nullable() }));

export const O311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type O311Request = z.infer<typeof O311Request>;

export const O311RequestsQuery = z.object({
  jurisdiction_id: z.string().max(100).optional(),
  service_request_id: z.string().max(2000).optional().meta({ description: '逗号分隔的多个编号；给出时忽略其他条件' }),
  service_code: z.string().max(500).optional().meta({ description: '逗号分隔' }),
  start_date: z.string().max(40).optional().meta({ description: 'ISO 8601；缺省为 90 天前' }),
  end_date: z.string().max(40).optional(),
  status: z.string().max(20).optional().meta({ description: 'open、closed 或逗号分隔' }),
});
export type O311RequestsQuery = z.infer<typeof O311RequestsQuery>;

export const O311Token = z.array(z.object({ service_request_id: z.string().nullable(), token: z.string() }));

export const O311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })),
});
