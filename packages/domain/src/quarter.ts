// Quarters drive the 及时性 (freshness) score of the annual evaluation: records must be confirmed every quarter.
import { type Instant, shanghaiMidnight, shanghaiParts } from './shanghai-time.ts';

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface QuarterInfo {
  year: number;
  quarter: QuarterNumber;
  /** e.g. '2026年第4季度' */
  label: string;
  /** First instant of the quarter (00:00 UTC+8 on its first day). */
  start: Date;
  /** First instant of the next quarter — exclusive, so a time t is in the quarter when start <= t < end. */
  end: Date;
}

/** The quarter with the given number of the given year. */
export function quarterByNumber(year: number, quarter: QuarterNumber): QuarterInfo {
  if (!Number.isInteger(year) || ![1, 2, 3, 4].includes(quarter)) {
    throw new RangeError(`无效的季度：${year}年第${quarter}季度`);
  }
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    year,
    quarter,
    label: `${year}年第${quarter}季度`,
    start: shanghaiMidnight(year, firstMonth, 1),
    end: shanghaiMidnight(year, firstMonth + 3, 1),
  };
}

/** The quarter (in Shanghai time) that contains the instant. */
export function quarterOf(date: Instant): QuarterInfo {
  const { year, month } = shanghaiParts(date);
  return quarterByNumber(year, (Math.floor((month - 1) / 3) + 1) as QuarterNumber);
}
