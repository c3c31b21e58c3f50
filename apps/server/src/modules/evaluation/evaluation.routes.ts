import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EVALUATION_TIERS, EVIDENCE_SOURCES, INDICATOR_CATALOGUE, INDICATOR_MODULES, SCORING_RULES, type RubricContent,
} from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { attachment, XLSX_MIME } from '../../core/excel.ts';
import { isoDate, optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import { uploadedPhoto } from '../../core/upload.ts';
import {
  addFindingPhoto, applicantScores, createRound, findingPhoto, listRounds, publishRound, recordFinding, roundDetail, snapshotRound,
  submitApplicant, withdrawApplicant,
} from './evaluation-rounds.service.ts';
import {
  checkRubric, copyRubric, deleteRubricDraft, listRubrics, publishRubric, rubricDetail, updateRubric,
} from './evaluation-rubrics.service.ts';
import { evaluationDashboard, selfAssessment } from './evaluation-self.service.ts';
import { dashboardXlsx, roundSummaryXlsx } from './evaluation-excel.ts';
import { applicantReportPdf } from './evaluation-report.service.ts';

const tags = ['考核验收'];
const labels = {
  name: '名称', note: '说明', content: '评分标准', rowVersion: '版本', year: '年度', rubricId: '评分标准', periodFrom: '考核期间开始',
  periodTo: '考核期间结束', applyDeadline: '申报截止日期', cutoffAt: '数据截止时间', unitId: '中队', tier: '申报等级', verdict: '检查结论',
  credit: '得分比例', reason: '理由', criterionCode: '评估指标', passLine: '合格线', weight: '分值', code: '编号', text: '指标内容',
  source: '证据来源', indicatorId: '数据指标', target: '目标值', floor: '起评值', scoring: '计分方式', requires: '前提等级',
};
const rowVersion = z.number({ error: '版本须为数字' }).int().min(1);
const points = (what: string) => z.number({ error: `${what}分值须为数字` }).positive(`${what}分值须大于0`).max(100, `${what}分值不能超过100`);
const text = (max: number, what: string) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}不能超过${max}个字符`);

const criterionSchema = z.strictObject({
  code: text(40, '编号'), text: text(200, '指标内容'), weight: points('指标'),
  source: z.enum(EVIDENCE_SOURCES, { error: '证据来源只能是 data（平台数据）、onsite（现场检查）或 both（数据＋现场核实）' }),
  indicatorId: z.string().max(60).optional(),
  target: z.number({ error: '目标值须为数字' }).min(0).max(10_000).optional(),
  floor: z.number({ error: '起评值须为数字' }).min(0).max(10_000).optional(),
  scoring: z.enum(SCORING_RULES, { error: '计分方式只能是 linear（按比例）或 threshold（达标得分）' }),
  onsiteGuide: z.string().max(200, '现场检查要点不能超过200个字符').optional(),
});
const itemSchema = z.strictObject({ code: text(40, '编号'), name: text(60, '项目名称'), weight: points('项目'), criteria: z.array(criterionSchema).min(1, '每个项目至少一个指标').max(30) });
const categorySchema = z.strictObject({ code: text(40, '编号'), name: text(60, '类别名称'), weight: points('类别'), items: z.array(itemSchema).min(1, '每个类别至少一个项目').max(30) });
const tierSchema = z.strictObject({
  tier: z.enum(EVALUATION_TIERS, { error: '等级只能是 standard（规范化达标中队）或 demonstration（示范中队）' }),
  name: text(40, '等级名称'), passLine: z.number({ error: '合格线须为数字' }).gt(0, '合格线须大于0').max(100, '合格线不能超过100'),
  requires: z.enum(EVALUATION_TIERS).optional(),
  categories: z.array(categorySchema).min(1, '每个等级至少一个类别').max(20),
});
const contentSchema = z.strictObject({ tiers: z.array(tierSchema).min(1, '至少需要一个等级').max(2) });

export function evaluationRoutes(db: Database, options: { now?: () => Date } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    app.get('/api/evaluation/catalogue', {
      config: { permission: 'evaluation.read', labels },
      schema: { tags, summary: '数据指标目录：评分标准可引用的指标（含所属模块；planned 表示该模块尚未接入，相关指标以现场检查计分）' },
    }, async () => ({
      indicators: INDICATOR_CATALOGUE.map((d) => ({ ...d, moduleLabel: INDICATOR_MODULES[d.module].label, planned: INDICATOR_MODULES[d.module].planned })),
    }));

    // ---- rubrics (评分标准) ------------------------------------------------------------------------------------------

    app.get('/api/evaluation/rubrics', {
      config: { permission: 'evaluation.read', labels }, schema: { tags, summary: '评分标准各版本（新的在前）' },
    }, async () => listRubrics(db));

    app.get('/api/evaluation/rubrics/:id', {
      config: { permission: 'evaluation.read', labels }, schema: { tags, params: uuidParam, summary: '评分标准详情（等级、类别、项目、指标、分值、目标值、证据来源）' },
    }, async (request) => rubricDetail(db, request.params.id));

    app.post('/api/evaluation/rubrics/check', {
      config: { permission: 'evaluation.rubric', labels },
      schema: { tags, summary: '检查评分标准（分值合计、编号、指标、目标值），返回问题列表，不保存', body: z.strictObject({ content: contentSchema }) },
    }, async (request) => checkRubric(request.body.content as RubricContent));

    app.post('/api/evaluation/rubrics/:id/copy', {
      config: { permission: 'evaluation.rubric', labels },
      schema: { tags, params: uuidParam, summary: '复制为新版本草稿（版本号递增）', body: z.strictObject({ name: text(100, '名称').optional() }) },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await copyRubric(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.name));
    });

    app.put('/api/evaluation/rubrics/:id', {
      config: { permission: 'evaluation.rubric', labels },
      schema: {
        tags, params: uuidParam, summary: '修改草稿（需带 rowVersion）；分值合计不符等问题返回422并逐条列出，不保存',
        body: z.strictObject({ rowVersion, name: text(100, '名称').optional(), note: optionalText(500, '说明'), content: contentSchema.optional() }),
      },
    }, async (request) => {
      const user = userOf(request);
      const { content, ...rest } = request.body;
      return updateRubric(db, user, actorOf(user, request.ip, request.id), request.params.id, { ...rest, content: content as RubricContent | undefined });
    });

    app.post('/api/evaluation/rubrics/:id/publish', {
      config: { permission: 'evaluation.rubric', labels },
      schema: { tags, params: uuidParam, summary: '发布草稿（校验通过后不可再改；之后开启的轮次可选用）', body: z.strictObject({ rowVersion }) },
    }, async (request) => {
      const user = userOf(request);
      return publishRubric(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.rowVersion);
    });

    app.delete('/api/evaluation/rubrics/:id', {
      config: { permission: 'evaluation.rubric', labels }, schema: { tags, params: uuidParam, summary: '删除草稿' },
    }, async (request) => {
      const user = userOf(request);
      return deleteRubricDraft(db, user, actorOf(user, request.ip, request.id), request.params.id);
    });

    // ---- rounds (考核轮次) ------------------------------------------------------------------------------------------

    app.get('/api/evaluation/rounds', {
      config: { permission: 'evaluation.read', labels }, schema: { tags, summary: '考核轮次（申报数为本单位管辖范围内的）' },
    }, async (request) => listRounds(db, userOf(request)));

    app.post('/api/evaluation/rounds', {
      config: { permission: 'evaluation.round', labels },
      schema: {
        tags, summary: '开启年度考核轮次：选定已发布的评分标准版本（轮次固定使用该版本）、考核期间、申报截止日期和数据截止时间',
        body: z.strictObject({
          year: z.number({ error: '年度须为数字' }).int().min(2018, '年度不能早于2018').max(2100),
          name: text(60, '名称'), rubricId: uuid('评分标准'), periodFrom: isoDate('考核期间开始'), periodTo: isoDate('考核期间结束'),
          applyDeadline: isoDate('申报截止日期'),
          cutoffAt: z.iso.datetime({ offset: true, error: '数据截止时间须为带时区的 ISO 8601 时间' }),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createRound(db, user, actorOf(user, request.ip, request.id), request.body));
    });

    app.get('/api/evaluation/rounds/:id', {
      config: { permission: 'evaluation.read', labels },
      schema: { tags, params: uuidParam, summary: '轮次详情：申报中队（本单位管辖范围内）及其得分（快照后为预计得分，发布后为最终得分）、区内与全市排名' },
    }, async (request) => roundDetail(db, userOf(request), request.params.id));

    app.post('/api/evaluation/rounds/:id/applicants', {
      config: { permission: 'evaluation.apply', labels },
      schema: {
        tags, params: uuidParam, summary: '区局申报创建中队（须为本区的基层中队，申报截止日期前；示范中队同时按规范化达标计分）',
        body: z.strictObject({ unitId: uuid('中队'), tier: z.enum(EVALUATION_TIERS, { error: '申报等级只能是 standard（规范化达标中队）或 demonstration（示范中队）' }) }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await submitApplicant(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now()));
    });

    app.delete('/api/evaluation/applicants/:id', {
      config: { permission: 'evaluation.apply', labels }, schema: { tags, params: uuidParam, summary: '撤回申报（截止快照前）' },
    }, async (request) => {
      const user = userOf(request);
      return withdrawApplicant(db, user, actorOf(user, request.ip, request.id), request.params.id);
    });

    app.post('/api/evaluation/rounds/:id/snapshot', {
      config: { permission: 'evaluation.round', labels },
      schema: {
        tags, params: uuidParam, body: z.strictObject({ rowVersion }),
        summary: '截止并快照：按数据截止时间（提前截止则为现在）计算每个申报中队的全部数据指标并保存；此后得分只依据快照，进入现场检查',
      },
    }, async (request) => {
      const user = userOf(request);
      return snapshotRound(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.rowVersion, now());
    });

    app.post('/api/evaluation/rounds/:id/publish', {
      config: { permission: 'evaluation.round', labels },
      schema: {
        tags, params: uuidParam, body: z.strictObject({ rowVersion }),
        summary: '发布结果：按快照和现场检查计算并冻结每个申报中队的得分（之后数据或评分标准变化都不影响）；改判缺少照片的不能发布（409）',
      },
    }, async (request) => {
      const user = userOf(request);
      return publishRound(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.rowVersion, now());
    });

    app.get('/api/evaluation/applicants/:id', {
      config: { permission: 'evaluation.read', labels },
      schema: { tags, params: uuidParam, summary: '申报中队得分明细：各等级、类别、项目、指标的得分，指标值与目标值，快照中的记录和差距，现场检查记录与照片，差距清单' },
    }, async (request) => applicantScores(db, userOf(request), request.params.id));

    app.put('/api/evaluation/applicants/:id/findings/:criterionCode', {
      config: { permission: 'evaluation.inspect', labels },
      schema: {
        tags, summary: '现场检查：对一项指标确认平台数据（confirm），或改判得分比例（override，须填理由，发布前须上传照片）；重复提交覆盖之前的结论',
        params: z.strictObject({ id: uuid('申报中队'), criterionCode: z.string().min(1).max(40) }),
        body: z.strictObject({
          verdict: z.enum(['confirm', 'override'], { error: '检查结论只能是 confirm（确认）或 override（改判）' }),
          credit: z.number({ error: '得分比例须为数字' }).min(0, '得分比例不能小于0').max(1, '得分比例不能大于1').optional(),
          reason: optionalText(500, '理由'),
          rowVersion: rowVersion.optional(),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return recordFinding(db, user, actorOf(user, request.ip, request.id), request.params.id,
        { ...request.body, criterionCode: request.params.criterionCode }, now());
    });

    app.post('/api/evaluation/findings/:id/photos', {
      config: { permission: 'evaluation.inspect', labels },
      schema: { tags, params: uuidParam, summary: '现场检查照片（multipart 字段 file；JPEG、PNG 或 WebP，按内容识别，不超过5 MB）' },
    }, async (request, reply) => {
      const user = userOf(request);
      const photo = await uploadedPhoto(request);
      return reply.status(201).send(await addFindingPhoto(db, user, actorOf(user, request.ip, request.id), request.params.id, photo));
    });

    app.get('/api/evaluation/findings/:id/photos/:photoId', {
      config: { permission: 'evaluation.read', labels },
      schema: { tags, summary: '现场检查照片', params: z.strictObject({ id: uuid('现场检查记录'), photoId: uuid('照片') }) },
    }, async (request, reply) => {
      const photo = await findingPhoto(db, userOf(request), request.params.id, request.params.photoId);
      reply.header('content-type', photo.mimeType).header('cache-control', 'private, max-age=86400')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.fileName)}`);
      return reply.send(photo.content);
    });

    // ---- self-assessment (实时自评) -----------------------------------------------------------------------------------

    app.get('/api/evaluation/self', {
      config: { permission: 'evaluation.read', labels },
      schema: {
        tags, querystring: z.strictObject({ unitId: uuid('中队').optional() }),
        summary: '中队实时自评：按最新发布的评分标准和近12个月数据计算的预计得分（规范化达标、示范），差距清单（每项可得分数与记录），近6个月趋势',
      },
    }, async (request) => selfAssessment(db, userOf(request), request.query.unitId, now()));

    app.get('/api/evaluation/dashboard', {
      config: { permission: 'evaluation.read', labels },
      schema: {
        tags, querystring: z.strictObject({ unitId: uuid('单位').optional() }),
        summary: '考核总览：本单位下每个中队的预计得分与是否达标、最值得先补的差距',
      },
    }, async (request) => evaluationDashboard(db, userOf(request), request.query.unitId, now()));

    // ---- reports (报告与汇总) -----------------------------------------------------------------------------------------

    app.get('/api/evaluation/applicants/:id/report.pdf', {
      config: { permission: 'evaluation.read', labels },
      schema: { tags, params: uuidParam, summary: '考核验收报告（PDF）：各等级得分与合格线、全部指标明细、现场检查记录与照片、差距清单' },
    }, async (request, reply) => {
      const { pdf, scores } = await applicantReportPdf(db, userOf(request), request.params.id, now());
      reply.header('content-type', 'application/pdf')
        .header('content-disposition', attachment('evaluation-report.pdf', `${scores.applicant.unitName}-考核验收报告.pdf`));
      return reply.send(pdf);
    });

    app.get('/api/evaluation/rounds/:id/summary.xlsx', {
      config: { permission: 'evaluation.read', labels },
      schema: {
        tags, params: uuidParam, querystring: z.strictObject({ unitId: uuid('单位').optional() }),
        summary: '轮次汇总（Excel）：本单位（或所选下级单位）范围内的申报中队得分汇总、全市排名、区内排名、指标明细',
      },
    }, async (request, reply) => {
      const { xlsx, round, scopeName } = await roundSummaryXlsx(db, userOf(request), request.params.id, request.query.unitId, now());
      reply.header('content-type', XLSX_MIME)
        .header('content-disposition', attachment('evaluation-summary.xlsx', `${round.name}-${scopeName}-考核验收汇总.xlsx`));
      return reply.send(xlsx);
    });

    app.get('/api/evaluation/dashboard.xlsx', {
      config: { permission: 'evaluation.read', labels },
      schema: {
        tags, querystring: z.strictObject({ unitId: uuid('单位').optional() }),
        summary: '考核总览（Excel）：本单位下每个中队的预计得分、是否达标、待现场检查分值与首要差距',
      },
    }, async (request, reply) => {
      const { xlsx, unitName } = await dashboardXlsx(db, userOf(request), request.query.unitId, now());
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('evaluation-dashboard.xlsx', `${unitName}-考核总览.xlsx`));
      return reply.send(xlsx);
    });
  };
}
