/**
 * The .ics file as a calendar reads it: parsed back with ical.js, every deadline has the alarms the
 * chat promises (7, 3 and 1 days before, and the morning of the day) in valid RFC 5545 durations,
 * and no line is longer than 75 octets (Chinese text is 3 octets a character).
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { deadlinesCalendar, morningLeadSeconds } from '../../handlers/calendar.js';
import { parseInstant } from '../../rules/index.js';
import { loadGuideFile } from '../../src/guide-file.js';

const guide = loadGuideFile();
const NOW = Date.parse('2022-05-01T10:00:00+08:00');
const ics = deadlinesCalendar(guide, ['standard', 'brand_exchange', 'first_class_society'], {
  nowMs: NOW,
  eventDates: { brand_exchange: '2022-10-15' },
  uidPrefix: 'chat1',
});
/** RFC 5545 3.3.6: dur-value = ["+" / "-"] "P" (dur-date / dur-time / dur-week); a "T" always has a time part. */
const DURATION = /^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?)$/;

describe('deadline calendar (.ics)', () => {
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');

  it('parses as iCalendar, one event per dated deadline, DTSTAMP from the injected clock', () => {
    expect(events.length).toBeGreaterThan(2);
    for (const e of events) {
      const event = new ICAL.Event(e);
      expect(event.summary).toMatch(/^【截止】/);
      expect(event.uid).toMatch(/^chat1-.*@shenbao$/);
      expect(e.getFirstPropertyValue('dtstamp')!.toString()).toBe('2022-05-01T02:00:00Z');
    }
  });

  it('every deadline has alarms 7, 3 and 1 days before and on the morning of the day, relative to the deadline', () => {
    for (const e of events) {
      const end = (e.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime();
      const alarms = e.getAllSubcomponents('valarm');
      const triggers = alarms.map((a) => {
        const prop = a.getFirstProperty('trigger')!;
        expect(prop.getParameter('related')).toBe('END');
        expect(a.getFirstPropertyValue('action')).toBe('DISPLAY');
        return (prop.getFirstValue() as ICAL.Duration).toSeconds();
      });
      const morning = morningLeadSeconds(end);
      expect(triggers).toEqual([-7 * 86400, -3 * 86400, -86400, ...(morning === undefined ? [] : [-morning])]);
      // the morning alarm rings at 09:00 China time on the deadline's day
      if (morning !== undefined) expect(new Date(end - morning * 1000).toISOString()).toMatch(/T01:00:00/);
    }
  });

  it('writes the durations in RFC 5545 form (-P7D, -PT8H…), never "-P3DT"', () => {
    const raw = ics.split('\r\n').filter((l) => l.startsWith('TRIGGER'));
    expect(raw.length).toBeGreaterThan(0);
    for (const line of raw) expect(line.slice(line.indexOf(':') + 1)).toMatch(DURATION);
    expect(ics).toContain('TRIGGER;RELATED=END:-P7D\r\n');
    expect(ics).not.toMatch(/P\d+DT\r\n/);
  });

  it('folds every line at 75 octets, continuation lines starting with a space or tab', () => {
    const lines = ics.split('\r\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => /^[ \t]/.test(l))).toBe(true); // long Chinese descriptions were folded
    expect(ics.includes('\n') && !/[^\r]\n/.test(ics)).toBe(true); // CRLF only
  });

  it('morning lead: 17:00 → 8 h; end of day → 14:59:59; a deadline before 09:00 has none', () => {
    expect(morningLeadSeconds(parseInstant('2022-05-17T17:00:00+08:00'))).toBe(8 * 3600);
    expect(morningLeadSeconds(parseInstant('2022-05-17T23:59:59+08:00'))).toBe(15 * 3600 - 1);
    expect(morningLeadSeconds(parseInstant('2022-05-17T08:30:00+08:00'))).toBeUndefined();
  });
});
