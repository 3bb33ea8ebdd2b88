import { z } from 'zod';
import { AuditListItem, XLSX_MIME, defineApi, pageOf } from './endpoint';
import { Uuid } from './common';
import {
  EnterpriseCreate,
  EnterpriseImportReport,
  EnterpriseQuery,
  EnterpriseStatistics,
  EnterpriseUpdate,
  EnterpriseView,
  ImportFlags,
  OrgTree,
  UnitPatch,
  UnitView,
} from './org';

/**
 * The organisation module's API: the organisation (regions, units, sectors) and the enterprise
 * registry (名录, import/export, history). Other modules' pages read enterprises through it.
 */
const EnterpriseId = z.object({ id: Uuid.meta({ description: '企业编号（UUID）' }) });
const UnitId = z.object({ id: Uuid.meta({ description: '单位编号（UUID）' }) });

export const orgApi = defineApi('org', {
  tree: { method: 'GET', path: '/api/org/tree', permission: 'org.read', summary: '组织机构：区划、单位、行业领域', response: OrgTree },
  updateUnit: { method: 'PATCH', path: '/api/org/units/:id', permission: 'org.manage', summary: '修改单位（名称、别名、联络人）', params: UnitId, body: UnitPatch, response: UnitView },
  listEnterprises: { method: 'GET', path: '/api/enterprises', permission: 'enterprise.read', summary: '企业名录（筛选、搜索、分页）', query: EnterpriseQuery, response: pageOf(EnterpriseView) },
  enterpriseStats: { method: 'GET', path: '/api/enterprises/stats', permission: 'enterprise.read', summary: '企业统计（按行业领域、属地、状态、风险等级）', response: EnterpriseStatistics },
  createEnterprise: { method: 'POST', path: '/api/enterprises', permission: 'enterprise.create', summary: '登记企业', body: EnterpriseCreate, response: EnterpriseView, status: 201 },
  exportEnterprises: {
    method: 'GET',
    path: '/api/enterprises/export.xlsx',
    permission: 'enterprise.read',
    summary: '导出企业名录（Excel）',
    query: EnterpriseQuery.partial(),
    response: { file: [XLSX_MIME], description: '企业名录（.xlsx，列与导入模板相同）' },
  },
  importTemplate: {
    method: 'GET',
    path: '/api/enterprises/import-template.xlsx',
    permission: 'enterprise.import',
    summary: '企业导入模板（Excel）',
    response: { file: [XLSX_MIME], description: '企业名录导入模板（.xlsx，含填写说明与下拉选项）' },
  },
  importEnterprises: {
    method: 'POST',
    path: '/api/enterprises/import',
    permission: 'enterprise.import',
    summary: '导入企业（Excel，逐行校验；dryRun 预检，skipInvalid 跳过错误行）',
    query: ImportFlags,
    body: { multipart: { files: { file: { description: '企业名录（.xlsx，按导入模板填写）' } } } },
    response: EnterpriseImportReport,
  },
  getEnterprise: { method: 'GET', path: '/api/enterprises/:id', permission: 'enterprise.read', summary: '企业详情', params: EnterpriseId, response: EnterpriseView },
  updateEnterprise: { method: 'PATCH', path: '/api/enterprises/:id', permission: 'enterprise.write', summary: '修改企业信息（带版本号）', params: EnterpriseId, body: EnterpriseUpdate, response: EnterpriseView },
  enterpriseHistory: { method: 'GET', path: '/api/enterprises/:id/history', permission: 'enterprise.read', summary: '企业信息变更历史', params: EnterpriseId, response: z.array(AuditListItem) },
});
