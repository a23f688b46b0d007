// Package timeline reads the times of deployment-postmortem notes: clock
// times, dated times, zones, ranges, relative and approximate times (Find,
// Leading, Parse), calendar dates (FindDate) and zone names (Zone), and
// places them on one document's timeline as hindsight.Time values
// (Resolver). It does no I/O and uses no regular expressions.
//
// # What is a time
//
// A clock is "14:32", "14:32:05", "14.32", "14h32", "2:32pm", "2 p.m." or
// "1432Z"/"1432 UTC" (four digits only with a UTC marker), optionally after
// a date ("2026-11-20 14:32", "2026-11-20T14:32:05+02:00", "Nov 20, 14:32",
// "20 Nov 2026 at 14:32", "20/11/2026 14:32", and the log style
// "[03-26 02:50]", month first, only in brackets or at the start of an
// entry) and before a zone ("UTC", "Z", "PST", "(CEST)", "+02:00",
// "UTC+2"). Ranges are "14:32–14:45", "14:32 - 14:45", "14:32 to 14:45" and
// "2:30–2:45pm"; am/pm or a zone written on one end applies to both. Once
// a document writes am or pm, a later clock of 1 to 12 without it takes the
// half of the day that comes next after the time before it (Resolver).
// Relative times are "T+5m" (from the first timed event), "+10 min",
// "10 minutes later" and "an hour later" (from the previous event).
// "~", "approx", "about", "around", "circa", "ca." before a time, or "?"
// after it, mark it approximate.
//
// These are not times: versions ("v1.14.3", "1.14.3", "go1.26"), ratios
// ("3:1", "16:9"), addresses and ports ("10.0.0.1", "host:443", ":8080"),
// percentages ("12.30%"), decimals ("3.14159", "2.32" without am/pm),
// prices ("$14.99"), issue numbers ("#1432"), bare numbers ("1432",
// "2026"), IDs ("PM2021-002", "x86_64"), out-of-range clocks ("25:00",
// "14:61") and durations without "later", "+" or "T+" ("took 10 minutes").
// A time glued to letters ("a14:32b") is not a time either.
//
// # Dates
//
// Numeric dates with the year last are read day-first: "06/04/2023" is
// 6 April, as are "06-04-2023" and "06.04.2023". Only when the second
// number cannot be a month ("11/20/2026") is the date read month-first.
//
// # Resolving
//
// A Resolver takes one document's expressions in order. A clock without a
// date takes the current date: the document's, changed by SetDate and by
// every expression that writes a date (a date without a year takes the
// current year). With no date known, times sit on 1 January of year 1 with
// DateKnown false, so they still order and subtract. When a clock goes back
// by more than 12 hours (23:50 then 00:10) it is the next day; a smaller
// step back (14:32 then 14:20) stays on the same date and is reported as
// out of order, as is a written date earlier than the time before it.
// The end of a range falls on its start's date, or the next day when its
// clock is earlier. A relative time counts from the first time of the
// document (T+) or the previous one, and keeps that time's date and zone.
//
// Zones are never invented: a time takes the zone it states, else the
// document's zone, else none (ZoneKnown false, Wall in UTC meaning
// "unstated"). CST is US Central (-06:00), IST is India (+05:30) and BST
// is British Summer Time (+01:00).
package timeline
