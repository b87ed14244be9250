"use client";

/** A column header that sorts: a real button (keyboard-operable) and aria-sort on the <th>. */
export function SortableHeader({
  label,
  column,
  sort,
  dir,
  onSort,
  numeric = false,
}: {
  label: string;
  column: string;
  sort: string;
  dir: "asc" | "desc";
  onSort: (column: string) => void;
  numeric?: boolean;
}) {
  const active = sort === column;
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={numeric ? "num" : undefined}>
      <button type="button" className="sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
