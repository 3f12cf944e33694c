import { describe, expect, it } from 'vitest';
import { maskMessage, maskToken } from './mask.ts';

const masked = (message: string) => maskMessage(message).join(' ');

describe('maskToken', () => {
  it('masks numbers, signed and decimal, keeping the punctuation around them', () => {
    expect(maskToken('42')).toBe('<*>');
    expect(maskToken('-17')).toBe('<*>');
    expect(maskToken('3.14,')).toBe('<*>,');
    expect(maskToken('(1973)')).toBe('(<*>)');
  });

  it('masks ids that hold digits as one value', () => {
    expect(maskToken('blk_-6952295868487656571')).toBe('<*>');
    expect(maskToken('job_1445144423722_0020')).toBe('<*>');
    expect(maskToken('req-5f3a9c01')).toBe('<*>');
    expect(maskToken('node-246')).toBe('<*>');
  });

  it('masks hexadecimal numbers, with or without digits', () => {
    expect(maskToken('0x7fed806eb5d')).toBe('<*>');
    expect(maskToken('deadbeefcafe')).toBe('<*>');
    expect(maskToken('mask=ffffffff')).toBe('mask=<*>');
    expect(maskToken('cafe')).toBe('cafe');
  });

  it('masks UUIDs', () => {
    expect(maskToken('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('<*>');
    expect(maskToken('[instance: ')).toBe('[instance: ');
    expect(maskToken('3F2504E0-4F89-11D3-9A0C-0305E82C3301]')).toBe('<*>]');
  });

  it('masks IPv4 addresses, with or without a port', () => {
    expect(maskToken('10.0.0.1')).toBe('<*>');
    expect(maskToken('10.0.0.1:8080')).toBe('<*>');
    expect(maskToken('[192.168.1.20]')).toBe('[<*>]');
    expect(maskToken('/10.10.34.11:45307')).toBe('<*>');
  });

  it('masks IPv6 and MAC addresses', () => {
    expect(maskToken('fe80::1ff:fe23:4567:890a')).toBe('<*>');
    expect(maskToken('[2001:db8::1]:443')).toBe('[<*>');
    expect(maskToken('::1')).toBe('<*>');
    expect(maskToken('00:1a:2b:3c:4d:5e')).toBe('<*>');
  });

  it('masks host names and host:port', () => {
    expect(maskToken('api.eu.example.com')).toBe('<*>');
    expect(maskToken('example.org')).toBe('<*>');
    expect(maskToken('localhost:5432')).toBe('<*>');
    expect(maskToken('db-primary:5432,')).toBe('<*>,');
    // Dotted names that are not hosts stay words.
    expect(maskToken('java.lang.NullPointerException')).toBe('java.lang.NullPointerException');
    expect(maskToken('config.yaml')).toBe('config.yaml');
    expect(maskToken('com.example.phone')).toBe('com.example.phone');
  });

  it('masks URLs and e-mail addresses', () => {
    expect(maskToken('https://example.com/a/b?c=d')).toBe('<*>');
    expect(maskToken('hdfs://namenode/user/x')).toBe('<*>');
    expect(maskToken('<ops@example.com>')).toBe('<<*>>');
    expect(maskToken('jane.doe+alerts@mail.example.org')).toBe('<*>');
  });

  it('masks paths: absolute, home, relative with a file name, Windows', () => {
    expect(maskToken('/var/log/app.log')).toBe('<*>');
    expect(maskToken("'/etc/passwd'")).toBe("'<*>'");
    expect(maskToken('~/.ssh/config')).toBe('<*>');
    expect(maskToken('./run.sh')).toBe('<*>');
    expect(maskToken('src/app/main.ts')).toBe('<*>');
    expect(maskToken('C:\\Windows\\System32\\kernel32.dll')).toBe('<*>');
    expect(maskToken('read/write')).toBe('read/write');
    expect(maskToken('/')).toBe('/');
  });

  it('masks durations and clock times written as one token', () => {
    expect(maskToken('250ms')).toBe('<*>');
    expect(maskToken('1h30m')).toBe('<*>');
    expect(maskToken('00:01:30')).toBe('<*>');
    expect(maskToken('2024-05-01T12:00:00.123Z')).toBe('<*>');
  });

  it('masks the value of key=value pairs, whole when it is a path or a host', () => {
    expect(maskToken('uid=0')).toBe('uid=<*>');
    expect(maskToken('(uid=0)')).toBe('(uid=<*>)');
    expect(maskToken('path=/tmp/x.sock')).toBe('path=<*>');
    expect(maskToken('rhost=mail.example.com')).toBe('rhost=<*>');
    expect(maskToken('ready=true,policy=3,mode=false')).toBe('ready=<*>,policy=<*>,mode=<*>');
    // A word value is left to the miner, which sees whether it varies.
    expect(maskToken('tty=ssh')).toBe('tty=ssh');
  });

  it('masks literals and empty pairs', () => {
    expect(maskToken('true')).toBe('<*>');
    expect(maskToken('null,')).toBe('<*>,');
    expect(maskToken('()')).toBe('(<*>)');
    expect(maskToken('""')).toBe('"<*>"');
  });

  it('masks a long run without a space as data', () => {
    expect(maskToken('a'.repeat(300))).toBe('<*>');
    expect(maskToken('a/'.repeat(5000) + 'x.y')).toBe('<*>');
  });

  it('keeps words, including names that end in a small number', () => {
    expect(maskToken('Failed')).toBe('Failed');
    expect(maskToken('eth0')).toBe('eth0');
    expect(maskToken('ssh2')).toBe('ssh2');
    expect(maskToken('IPv6')).toBe('IPv6');
    expect(maskToken("'Active'")).toBe("'Active'");
    expect(maskToken('connection:')).toBe('connection:');
  });
});

describe('maskMessage', () => {
  it('masks timestamps that span tokens as one value', () => {
    expect(masked('connection from 1.2.3.4 at Sun Jul  3 23:16:09 2005')).toBe('connection from <*> at <*>');
    expect(masked('at Mon Jun 20 03:40:59 2005 done')).toBe('at <*> done');
    expect(masked('Jun 14 15:16:01 host started')).toBe('<*> host started');
    expect(masked('sent Tue, 3 Jun 2008 11:05:30 GMT ok')).toBe('sent <*> ok');
    expect(masked('at 2024-05-01 12:00:00,123 done')).toBe('at <*> done');
  });

  it('masks a number with its unit: durations and sizes', () => {
    expect(masked('lifetime <1 sec')).toBe('lifetime <*>');
    expect(masked('lifetime 00:01')).toBe('lifetime <*>');
    expect(masked('took 2.5 ms')).toBe('took <*>');
    expect(masked('waited 3 minutes')).toBe('waited <*>');
    expect(masked('sent 0 bytes')).toBe('sent <*>');
    expect(masked('sent 18846 bytes (18.4 KB) ok')).toBe('sent <*> ok');
  });

  it('masks quoted values of key="…" pairs, spaces and all', () => {
    expect(masked('acquire tag="View Lock", uid=1000')).toBe('acquire tag="<*>", uid=<*>');
    expect(masked("set name='a b c' done")).toBe("set name='<*>' done");
  });

  it('collapses runs of values, so lists of any length mask alike', () => {
    expect(masked('IRQs 3 4 5 6 7 10 11 12')).toBe('IRQs <*>');
    expect(masked('IRQs 3 4')).toBe('IRQs <*>');
    expect(masked('disks sda1 sda2 sda3 sda4')).toBe('disks <*>');
    expect(masked('stack @0x7fed806eb5d @0x7fef9fb9b6d @0xff83e97c)')).toBe('stack @<*>');
    expect(masked('stack @0x7fed806eb5d)')).toBe('stack @<*>)');
    expect(masked('from host-a/10.0.0.1:9000 (10.0.0.1) ok')).toBe('from <*> ok');
  });

  it('splits on any whitespace and drops the tail past maxTokens', () => {
    expect(maskMessage(' a\tb \r\n c  ')).toEqual(['a', 'b', 'c']);
    expect(maskMessage('')).toEqual([]);
    expect(maskMessage(Array.from({ length: 100 }, (_, i) => `w${'x'.repeat(i % 5)}`).join(' '), 10)).toHaveLength(10);
  });
});
