import { describe, expect, it } from 'vitest';
import { targetUrlProblem } from './target-url.ts';

describe('targetUrlProblem', () => {
  it('takes a public https URL, in the cloud and locally', () => {
    for (const url of ['https://hooks.slack.com/services/T/B/x', 'https://grafana.example.com:3000/', 'https://8.8.8.8/', 'https://[2606:4700::1111]/']) {
      expect(targetUrlProblem(url, false), url).toBeUndefined();
      expect(targetUrlProblem(url, true), url).toBeUndefined();
    }
  });

  it('in the cloud refuses every address inside the network, however it is spelled', () => {
    for (const url of [
      'https://localhost/x',
      'https://api.localhost/x',
      'https://127.0.0.1/',
      'https://2130706433/', // 127.0.0.1 as one number
      'https://0x7f.1/', // 127.0.0.1 in hex parts
      'https://10.1.2.3/',
      'https://172.16.0.1/',
      'https://192.168.1.10/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[::]/',
      'https://[fd00::1]/',
      'https://[::ffff:127.0.0.1]/',
    ]) {
      expect(targetUrlProblem(url, false), url).toMatch(/public host/);
    }
  });

  it('never calls link-local (the metadata range) or multicast, not even locally', () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'https://169.254.169.254/', 'https://[fe80::1]/', 'https://224.0.0.1/', 'https://[::ffff:169.254.169.254]/']) {
      expect(targetUrlProblem(url, true), url).toBeDefined();
      expect(targetUrlProblem(url, false), url).toBeDefined();
    }
  });

  it('locally takes the household’s own hosts, plain http included, but plain http to the internet never', () => {
    for (const url of ['http://127.0.0.1:3902/hook', 'http://localhost:3000/', 'http://192.168.1.10:3000/', 'https://10.0.0.5/']) {
      expect(targetUrlProblem(url, true), url).toBeUndefined();
    }
    expect(targetUrlProblem('http://grafana.example.com/', true)).toBe('must be an https URL');
    expect(targetUrlProblem('http://grafana.example.com/', false)).toBe('must be an https URL');
  });

  it('refuses credentials in the URL, other schemes and non-URLs', () => {
    expect(targetUrlProblem('https://user:pass@example.com/x', false)).toMatch(/user name or password/);
    expect(targetUrlProblem('https://user@example.com/x', true)).toMatch(/user name or password/);
    expect(targetUrlProblem('ftp://example.com/x', false)).toBe('must be an https URL');
    expect(targetUrlProblem('javascript:alert(1)', true)).toBe('must be an https URL');
    expect(targetUrlProblem('not a url', false)).toBe('is not a URL');
  });
});
