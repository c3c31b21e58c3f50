// 考核验收: one function per route of apps/server/src/modules/evaluation/evaluation.routes.ts. Scores, gaps, indicator
// results and rubric content are the domain's own types (the server sends them as computed by @cg/domain).
import type {
  EvaluationTier, GapEntry, IndicatorDefinition, IndicatorResult, RubricContent, RubricProblem, TierScore,
} from '@cg/domain';
import { http } from './client';

const enc = encodeURIComponent;

export interface RubricSummary {
  id: string; name: string; version: number; basedOnId: string | null; status: 'draft' | 'published'; note: string | null;
  createdByName: string; createdAt: string; updatedAt: string; publishedAt: string | null; publishedByName: string | null;
  rowVersion: number; roundsUsing: number;
}
export interface RubricDetail extends RubricSummary { content: RubricContent }
export interface CatalogueIndicator extends IndicatorDefinition { moduleLabel: string; planned: boolean }

export type RoundStatus = 'open' | 'inspecting' | 'published';
export interface RoundView {
  id: string; year: number; name: string; rubricId: string; rubricVersion: number; rubricName: string;
  periodFrom: string; periodTo: string; applyDeadline: string; cutoffAt: string; status: RoundStatus; statusLabel: string;
  snapshotAt: string | null; publishedAt: string | null; publishedByName: string | null; createdByName: string; createdAt: string;
  rowVersion: number; applicants: number;
}
export interface RoundInput { year: number; name: string; rubricId: string; periodFrom: string; periodTo: string; applyDeadline: string; cutoffAt: string }

export interface ApplicantView {
  id: string; roundId: string; unitId: string; unitName: string; districtName: string | null; tier: EvaluationTier; tierLabel: string;
  submittedByName: string; submittedAt: string; snapshotAt: string | null;
  standardPoints: number | null; demonstrationPoints: number | null; standardPassed: boolean | null; demonstrationPassed: boolean | null;
  pendingPoints: number | null; findings: number;
}
export interface RankEntry { applicantId: string; unitName: string; districtName: string | null; points: number; rank: number }
export interface TierRanking { city: RankEntry[]; districts: { districtName: string; items: RankEntry[] }[] }
export interface RoundDetail {
  round: RoundView; rubric: { id: string; version: number; name: string }; applicants: ApplicantView[];
  ranking: { standard: TierRanking; demonstration: TierRanking };
}

export interface FindingView {
  id: string; criterionCode: string; verdict: 'confirm' | 'override'; credit: number | null; reason: string | null;
  inspectorName: string; at: string; rowVersion: number; photos: { id: string; fileName: string; url: string }[];
}
export interface ApplicantScores {
  applicant: ApplicantView; round: RoundView; frozen: boolean; tiers: TierScore[]; gaps: GapEntry[];
  indicators: Record<string, IndicatorResult>; findings: FindingView[];
}
export interface FindingInput { verdict: 'confirm' | 'override'; credit?: number; reason?: string | null; rowVersion?: number }

export interface SelfGap extends GapEntry { tierLabel: string; records: IndicatorResult['gaps'] }
export interface SelfAssessment {
  unit: { id: string; name: string }; asOf: string; period: { from: string; to: string };
  rubric: { id: string; version: number; name: string };
  tiers: TierScore[]; gaps: SelfGap[]; indicators: Record<string, IndicatorResult>;
  trend: { month: string; standard: number; demonstration: number }[];
}
export interface DashboardRow {
  unitId: string; unitName: string; districtName: string | null;
  standardPoints: number; standardPassed: boolean; standardPending: number;
  demonstrationPoints: number | null; demonstrationPassed: boolean | null; demonstrationPending: number | null;
  topGap: GapEntry | null;
}
export interface Dashboard {
  unit: { id: string; name: string }; asOf: string; rubric: { id: string; version: number; name: string };
  period: { from: string; to: string }; squadrons: DashboardRow[];
}

export const evaluationApi = {
  catalogue: (signal?: AbortSignal) => http.get<{ indicators: CatalogueIndicator[] }>('/evaluation/catalogue', undefined, signal),
  rubrics: (signal?: AbortSignal) => http.get<{ items: RubricSummary[] }>('/evaluation/rubrics', undefined, signal),
  rubric: (id: string, signal?: AbortSignal) => http.get<RubricDetail>(`/evaluation/rubrics/${enc(id)}`, undefined, signal),
  checkRubric: (content: RubricContent) => http.post<{ problems: RubricProblem[] }>('/evaluation/rubrics/check', { content }),
  copyRubric: (id: string, name?: string) => http.post<RubricDetail>(`/evaluation/rubrics/${enc(id)}/copy`, name ? { name } : {}),
  updateRubric: (id: string, body: { rowVersion: number; name?: string; note?: string | null; content?: RubricContent }) =>
    http.put<RubricDetail>(`/evaluation/rubrics/${enc(id)}`, body),
  publishRubric: (id: string, rowVersion: number) => http.post<RubricDetail>(`/evaluation/rubrics/${enc(id)}/publish`, { rowVersion }),
  deleteRubric: (id: string) => http.delete<{ deleted: true }>(`/evaluation/rubrics/${enc(id)}`),

  rounds: (signal?: AbortSignal) => http.get<{ items: RoundView[] }>('/evaluation/rounds', undefined, signal),
  createRound: (body: RoundInput) => http.post<RoundView>('/evaluation/rounds', body),
  round: (id: string, signal?: AbortSignal) => http.get<RoundDetail>(`/evaluation/rounds/${enc(id)}`, undefined, signal),
  apply: (roundId: string, body: { unitId: string; tier: EvaluationTier }) => http.post<ApplicantView>(`/evaluation/rounds/${enc(roundId)}/applicants`, body),
  withdraw: (applicantId: string) => http.delete<{ withdrawn: true }>(`/evaluation/applicants/${enc(applicantId)}`),
  snapshot: (roundId: string, rowVersion: number) => http.post<RoundView>(`/evaluation/rounds/${enc(roundId)}/snapshot`, { rowVersion }),
  publish: (roundId: string, rowVersion: number) => http.post<RoundView>(`/evaluation/rounds/${enc(roundId)}/publish`, { rowVersion }),

  applicant: (id: string, signal?: AbortSignal) => http.get<ApplicantScores>(`/evaluation/applicants/${enc(id)}`, undefined, signal),
  recordFinding: (applicantId: string, criterionCode: string, body: FindingInput) =>
    http.put<FindingView>(`/evaluation/applicants/${enc(applicantId)}/findings/${enc(criterionCode)}`, body),
  uploadFindingPhoto: (findingId: string, file: Blob, fileName = file instanceof File ? file.name : 'photo.jpg') => {
    const form = new FormData();
    form.append('file', file, fileName);
    return http.upload<FindingView>(`/evaluation/findings/${enc(findingId)}/photos`, form);
  },

  /** 考核验收报告 (PDF) of one applicant: its scores, criteria, indicator values, findings and gap list. */
  reportPdf: (applicantId: string, unitName: string) =>
    http.download(`/evaluation/applicants/${enc(applicantId)}/report.pdf`, undefined, `${unitName}-考核验收报告.pdf`),
  /** Excel summary of a round's applicants in the user's scope (district or city), with rankings. */
  roundSummaryXlsx: (roundId: string, unitId?: string) =>
    http.download(`/evaluation/rounds/${enc(roundId)}/summary.xlsx`, unitId ? { unitId } : undefined, '考核验收汇总.xlsx'),
  /** Excel of the dashboard: every squadron's projected scores and top gaps. */
  dashboardXlsx: (unitId?: string) => http.download('/evaluation/dashboard.xlsx', unitId ? { unitId } : undefined, '考核总览.xlsx'),

  self: (unitId?: string, signal?: AbortSignal) => http.get<SelfAssessment>('/evaluation/self', unitId ? { unitId } : undefined, signal),
  dashboard: (unitId?: string, signal?: AbortSignal) => http.get<Dashboard>('/evaluation/dashboard', unitId ? { unitId } : undefined, signal),
};
