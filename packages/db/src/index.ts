export * from './database.ts';
export * from './testing.ts';
export * as schema from './schema.ts';
export * from './schema.ts';
export {
  and, or, not, eq, ne, gt, gte, lt, lte, inArray, notInArray, isNull, isNotNull, like, ilike, asc, desc, count,
} from 'drizzle-orm';
