// XEP-0202 Entity Time: the server's UTC time and its offset from UTC.
import { NS } from "@parley/stanza";
import { xml } from "@parley/xml";
import { defineModule } from "../../module-api";

/** XEP-0082 time offset, "+HH:MM" / "-HH:MM" ("Z" is allowed too, but §3 examples use digits). */
export function formatTzo(offsetMinutesEast: number): string {
  const sign = offsetMinutesEast < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutesEast);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${sign}${hh}:${mm}`;
}

/** XEP-0082 DateTime in UTC with "Z", milliseconds kept (fractions are allowed). */
export function formatUtc(date: Date): string {
  return date.toISOString();
}

export function timeElement(now: Date): ReturnType<typeof xml> {
  // Date#getTimezoneOffset is minutes *west* of UTC; XEP-0202 wants the offset east.
  return xml(
    "time",
    { xmlns: NS.TIME },
    xml("tzo", null, formatTzo(-now.getTimezoneOffset())),
    xml("utc", null, formatUtc(now)),
  );
}

export const timeModule = defineModule({
  name: "time",
  setup(ctx) {
    ctx.addFeature(NS.TIME);
    ctx.handleIq("get", NS.TIME, "time", () => timeElement(new Date()));
  },
});
