import { Tag } from "~/components/ds";
import { FLAG_LABELS, type LedgerFlag } from "~/domain/ledger/figures";

/** An account's flags as tags, or "None". */
export function FlagTags({ flags }: { flags: LedgerFlag[] }) {
  if (flags.length === 0) return <>None</>;
  return (
    <ul className="ds_no-bullets">
      {flags.map((flag) => (
        <li key={flag}>
          <Tag colour={flag === "forecast_overspend" ? "red" : "orange"}>{FLAG_LABELS[flag]}</Tag>
        </li>
      ))}
    </ul>
  );
}
