/**
 * Dates shown without a year (`Nov 24 10:00`): each server's own rule for choosing `HH:MM` over the
 * year, read from its source (the table is in the README, Time), and how the year is recovered
 * from it. Expected years are worked out by hand from those rules.
 */
import test from 'ava';
import {
  DEFAULT_YEAR_RULE,
  ServerClock,
  type YearRule,
  parseListing,
  yearRuleForServer,
} from '../../../src/index.js';

const utc = (text: string) => Date.parse(`${text}Z`);
/** Saturday 2026-11-21 12:00 UTC. */
const NOW = utc('2026-11-21T12:00:00');

function yearOf(date: string, options: { now?: number; yearRule?: YearRule | number; syst?: string; origin?: { banner?: string; syst?: string } } = {}): number {
  const listing = parseListing(`-rw-r--r-- 1 u g 1 ${date} f`, { hint: 'unix', now: NOW, ...options });
  if (listing.entries.length !== 1) throw new Error(JSON.stringify(listing.skipped));
  return listing.entries[0]!.mtime!.getUTCFullYear();
}

test('the default rule is proftpd\'s: a date a few days ahead stays in the future, not a year early', (t) => {
  t.is(DEFAULT_YEAR_RULE, 'proftpd');
  t.is(yearOf('Nov 24 10:00'), 2026, 'three days ahead (clock skew, touch -d, a zone ahead)');
  t.is(yearOf('Nov 21 14:00'), 2026, 'two hours ahead');
  t.is(yearOf('May 25 12:00'), 2026, '180 days ago: still HH:MM on proftpd');
  t.is(yearOf('May 24 11:00'), 2027, 'more than 180 days ago proftpd shows a year: HH:MM means the future');
  t.is(yearOf('Jan  5 10:00', { now: utc('2026-12-20T12:00:00') }), 2027, 'across New Year: next January');
});

test('proftpd, pure-ftpd, pyftpdlib, FileZilla Server: HH:MM for everything not older than 180 days', (t) => {
  for (const rule of ['proftpd', 'pure-ftpd', 'pyftpdlib', 'filezilla-server'] as const) {
    t.is(yearOf('Nov 24 10:00', { yearRule: rule }), 2026, rule);
    t.is(yearOf('May 22 10:00', { yearRule: rule }), 2027, `${rule}: 183 days ago would have shown a year`);
    t.is(yearOf('Jun  1 10:00', { yearRule: rule }), 2026, rule);
  }
});

test('inetutils: 182 days', (t) => {
  t.is(yearOf('May 23 13:00', { yearRule: 'inetutils' }), 2026, 'under 182 days ago: HH:MM on inetutils');
  t.is(yearOf('May 23 13:00', { yearRule: 'proftpd' }), 2027, 'the same line from proftpd is in the future');
  t.is(yearOf('Nov 30 10:00', { yearRule: 'inetutils' }), 2026);
});

test('vsftpd and busybox show a year for future dates: a yearless date is past, with a day of skew', (t) => {
  for (const rule of ['vsftpd', 'busybox'] as const) {
    t.is(yearOf('Nov 24 10:00', { yearRule: rule }), 2025, rule);
    t.is(yearOf('Nov 22 10:00', { yearRule: rule }), 2026, `${rule}: within a day of now is clock skew`);
  }
});

test('IIS in Unix style: HH:MM for the current calendar year', (t) => {
  t.is(yearOf('Dec 30 10:00', { yearRule: 'iis' }), 2026);
  t.is(yearOf('Jan  2 10:00', { yearRule: 'iis' }), 2026);
  t.is(yearOf('Dec 30 10:00', { yearRule: 'iis', now: utc('2027-01-02T00:00:00') }), 2027);
});

test('Feb 29 is looked for in leap years only, on the side the rule allows', (t) => {
  const now = utc('2027-02-20T12:00:00');
  t.is(new ServerClock({ now, yearRule: 'commons-net' }).inferYear(2, 29, 10, 0), 2024);
  t.is(new ServerClock({ now, yearRule: 'proftpd' }).inferYear(2, 29, 10, 0), 2028, 'Feb 29 2024 would have shown its year');
  t.is(new ServerClock({ now: utc('2028-03-10T12:00:00'), yearRule: 'proftpd' }).inferYear(2, 29, 10, 0), 2028);
});

test('yearRuleForServer: the server from its welcome banner or SYST reply', (t) => {
  t.is(yearRuleForServer('220 ProFTPD Server (Debian) [::ffff:127.0.0.1]'), 'proftpd');
  t.is(yearRuleForServer('220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\n220-You are user number 1 of 5 allowed.'), 'pure-ftpd');
  t.is(yearRuleForServer('220 pyftpdlib 1.5.7 ready.'), 'pyftpdlib');
  t.is(yearRuleForServer('220 (vsFTPd 3.0.3)'), 'vsftpd');
  t.is(yearRuleForServer('220 localhost FTP server (GNU inetutils 2.4) ready.'), 'inetutils');
  t.is(yearRuleForServer('220-FileZilla Server 1.8.1\n220 Please visit https://filezilla-project.org/'), 'filezilla-server');
  t.is(yearRuleForServer('220 Microsoft FTP Service'), 'iis');
  t.is(yearRuleForServer(undefined, '215 UNIX Type: L8 Version: Linux 6.18.44'), 'inetutils');
  t.is(yearRuleForServer(undefined, '215 Windows_NT'), 'iis');
  t.is(yearRuleForServer('220 dirlisting fixture proftpd'), 'proftpd', 'a banner that names the server');
  t.is(yearRuleForServer('220 Welcome', '215 UNIX Type: L8'), undefined, 'nothing known: the default applies');
  t.is(yearRuleForServer('220 Serv-U FTP Server v15.4 ready...'), undefined, "Serv-U's rule is not published");
});

test('origin.banner and origin.syst apply the named server\'s rule', (t) => {
  t.is(yearOf('Nov 24 10:00', { origin: { banner: '220 (vsFTPd 3.0.3)' } }), 2025, 'vsftpd never shows a future HH:MM');
  t.is(yearOf('Nov 24 10:00', { origin: { banner: '220 ProFTPD Server (Debian)' } }), 2026);
  t.is(yearOf('Mar  1 10:00', { origin: { syst: '215 Windows_NT' } }), 2026, 'IIS: this calendar year');
  t.is(yearOf('Nov 24 10:00', { origin: { banner: '220 (vsFTPd 3.0.3)' }, yearRule: 'proftpd' }), 2026, 'an explicit rule wins');
});

test('the syst option applies the named server\'s rule; an explicit yearRule wins', (t) => {
  t.is(yearOf('Mar  1 10:00', { syst: '215 Windows_NT' }), 2026, 'IIS: this calendar year');
  t.is(yearOf('Mar  1 10:00'), 2027, 'default (proftpd): older than 180 days would have shown its year');
  t.is(yearOf('Mar  1 10:00', { syst: '215 Windows_NT', yearRule: 'proftpd' }), 2027);
  t.is(yearOf('Nov 24 10:00', { syst: '215 UNIX Type: L8 Version: Linux 6.1' }), 2026, 'inetutils');
});
