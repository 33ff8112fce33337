//! The marketer's time zone as the offsets from UTC it has used, so that the results
//! page's days start at the marketer's midnight on both sides of a daylight-saving change.
//! Browsers know the zone's rules (`Date.getTimezoneOffset`); this keeps only what the
//! aggregation needs, and stays testable without a browser.

const SECONDS_PER_DAY: i64 = 86_400;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    /// `(from, offset)`: from this UTC second on, local time is `offset` seconds ahead of
    /// UTC. Sorted by `from`; the first offset also applies before its `from`.
    changes: Vec<(i64, i32)>,
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::fixed(0)
    }
}

impl Zone {
    /// A zone whose offset never changes, such as UTC.
    pub fn fixed(offset_seconds: i32) -> Zone {
        Zone { changes: vec![(i64::MIN, offset_seconds)] }
    }

    /// The zone whose offset at each UTC second is `offset_at`, learnt for the seconds
    /// from `first` to `last`: it is asked once a day, and where two days differ, the
    /// second of the change is found by bisection.
    pub fn sampled(first: i64, last: i64, offset_at: impl Fn(i64) -> i32) -> Zone {
        let mut zone = Zone::fixed(offset_at(first));
        let mut time = first;
        while time < last {
            let next = (time + SECONDS_PER_DAY).min(last);
            let offset = offset_at(next);
            if i64::from(offset) != zone.offset_at(time) {
                // The offset differs at `high` but not at `low`: the change lies in (low, high].
                let (mut low, mut high) = (time, next);
                while high - low > 1 {
                    let middle = low + (high - low) / 2;
                    if offset_at(middle) == offset {
                        high = middle;
                    } else {
                        low = middle;
                    }
                }
                zone.changes.push((high, offset));
            }
            time = next;
        }
        zone
    }

    /// Seconds local time is ahead of UTC at the UTC second `time`.
    pub fn offset_at(&self, time: i64) -> i64 {
        let index = self.changes.partition_point(|&(from, _)| from <= time);
        i64::from(self.changes[index.saturating_sub(1)].1)
    }

    /// The local day (days since 1970-01-01) of the UTC second `time`: the day whose
    /// [`Zone::midnight`] is the last one at or before it. Read off the local clock, the
    /// day could step back when clocks are put back over midnight; days counted by their
    /// midnights only move on, as the aggregation walks them.
    pub fn day_of(&self, time: i64) -> i32 {
        let mut day = (time + self.offset_at(time)).div_euclid(SECONDS_PER_DAY) as i32;
        while self.midnight(day + 1) <= time {
            day += 1;
        }
        while self.midnight(day) > time {
            day -= 1;
        }
        day
    }

    /// The UTC second at which the local `day` starts.
    pub fn midnight(&self, day: i32) -> i64 {
        let local = i64::from(day) * SECONDS_PER_DAY;
        // The offset at that time of day in UTC is a first guess; the offset in force at
        // the guessed midnight is the right one, as changes are months apart.
        let guess = local - self.offset_at(local);
        let midnight = local - self.offset_at(guess);
        if midnight + self.offset_at(midnight) == local {
            return midnight;
        }
        // Clocks jumped forward over midnight (as in Chile): the day has no 00:00 and
        // starts at the jump.
        let next_change = self.changes.partition_point(|&(from, _)| from <= midnight);
        self.changes.get(next_change).map_or(midnight, |&(from, _)| from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-29 01:00 UTC: Europe/Amsterdam goes from UTC+1 to UTC+2.
    const SPRING: i64 = 1_774_746_000;
    /// 2026-10-25 01:00 UTC: and back to UTC+1.
    const AUTUMN: i64 = 1_792_890_000;

    /// Amsterdam's rule for 2026, as a browser would tell it.
    fn amsterdam(time: i64) -> i32 {
        if (SPRING..AUTUMN).contains(&time) {
            7200
        } else {
            3600
        }
    }

    #[test]
    fn sampling_finds_each_change_to_the_second() {
        let zone = Zone::sampled(SPRING - 40 * SECONDS_PER_DAY, AUTUMN + 40 * SECONDS_PER_DAY, amsterdam);
        for time in [SPRING - 1, SPRING, SPRING + 1, AUTUMN - 1, AUTUMN, AUTUMN + 1, 0, 2_000_000_000] {
            assert_eq!(zone.offset_at(time), i64::from(amsterdam(time)), "at {time}");
        }
    }

    #[test]
    fn days_start_at_local_midnight_in_summer_and_winter() {
        let zone = Zone::sampled(SPRING - 40 * SECONDS_PER_DAY, AUTUMN + 40 * SECONDS_PER_DAY, amsterdam);
        // 2026-03-28 is the last winter day (midnight 23:00 UTC the day before); the
        // next starts at 23:00 UTC too, the one after at 22:00 UTC.
        let march_28 = 20_540;
        assert_eq!(zone.midnight(march_28), i64::from(march_28) * SECONDS_PER_DAY - 3600);
        assert_eq!(zone.midnight(march_28 + 1), i64::from(march_28 + 1) * SECONDS_PER_DAY - 3600);
        assert_eq!(zone.midnight(march_28 + 2), i64::from(march_28 + 2) * SECONDS_PER_DAY - 7200);
        // 23:30 UTC on 2026-06-30 is already 1 July in Amsterdam.
        let june_30 = 20_634;
        assert_eq!(zone.day_of(i64::from(june_30) * SECONDS_PER_DAY + 23 * 3600 + 1800), june_30 + 1);
        for day in march_28 - 5..march_28 + 230 {
            assert_eq!(zone.day_of(zone.midnight(day)), day);
            assert_eq!(zone.day_of(zone.midnight(day) - 1), day - 1);
        }
    }

    #[test]
    fn a_day_without_midnight_starts_when_the_clocks_jump() {
        // 2026-09-06 04:00 UTC: Santiago's clocks go from 00:00 (UTC−4) to 01:00 (UTC−3).
        const JUMP: i64 = 1_788_667_200;
        let santiago = |time: i64| if time < JUMP { -4 * 3600 } else { -3 * 3600 };
        let zone = Zone::sampled(JUMP - 10 * SECONDS_PER_DAY, JUMP + 10 * SECONDS_PER_DAY, santiago);
        let september_6 = 20_702;
        assert_eq!(zone.midnight(september_6), JUMP);
        assert_eq!(zone.day_of(JUMP - 1), september_6 - 1);
        assert_eq!(zone.day_of(JUMP), september_6);
        assert_eq!(zone.midnight(september_6 + 1), i64::from(september_6 + 1) * SECONDS_PER_DAY + 3 * 3600);
    }

    #[test]
    fn a_fixed_zone_is_one_offset() {
        let new_york = Zone::fixed(-5 * 3600);
        assert_eq!(new_york.day_of(3600), -1);
        assert_eq!(new_york.midnight(1), SECONDS_PER_DAY + 5 * 3600);
    }
}
