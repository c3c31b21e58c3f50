import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('PUBLIC_URL', () => {
  const before = process.env.PUBLIC_URL;
  afterEach(() => {
    if (before === undefined) delete process.env.PUBLIC_URL;
    else process.env.PUBLIC_URL = before;
  });

  it('is optional', () => {
    delete process.env.PUBLIC_URL;
    expect(loadConfig().publicUrl).toBeUndefined();
    process.env.PUBLIC_URL = ' ';
    expect(loadConfig().publicUrl).toBeUndefined();
  });

  it('takes an http(s) address, without the trailing slash', () => {
    process.env.PUBLIC_URL = 'https://cg.example.gov.cn/';
    expect(loadConfig().publicUrl).toBe('https://cg.example.gov.cn');
    process.env.PUBLIC_URL = 'http://10.1.2.3:8080/cg';
    expect(loadConfig().publicUrl).toBe('http://10.1.2.3:8080/cg');
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['cg.example.gov.cn', 'ftp://cg.example.gov.cn', 'javascript:alert(1)', 'https://cg.example.gov.cn/?a=1', 'https://u:p@cg.example.gov.cn']) {
      process.env.PUBLIC_URL = bad;
      expect(() => loadConfig(), bad).toThrow(/PUBLIC_URL/);
    }
  });
});
