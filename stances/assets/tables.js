// Search, sort and CSV download for the report's tables of class "interactive".
// Plain JavaScript with no dependencies: the report must work offline.
(() => {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  // A cell that a spreadsheet would run as a formula is written as text.
  const formula = /^[=+\-@\t\r]/;
  const csvCell = (text) => {
    let value = text.replace(/\s+/g, " ").trim();
    if (formula.test(value) && Number.isNaN(Number(value))) value = "'" + value;
    return '"' + value.replace(/"/g, '""') + '"';
  };

  for (const table of document.querySelectorAll("table.interactive")) {
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const headers = [...table.tHead.rows[0].cells];

    const tools = document.createElement("div");
    tools.className = "table-tools";
    const search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Search this table";
    search.setAttribute("aria-label", "Search table " + table.id);
    const download = document.createElement("button");
    download.type = "button";
    download.textContent = "Download CSV";
    const shown = document.createElement("output");
    tools.append(search, download, shown);
    table.before(tools);

    const filter = () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let count = 0;
      for (const row of rows) {
        const text = row.textContent.toLowerCase();
        row.hidden = !words.every((word) => text.includes(word));
        count += row.hidden ? 0 : 1;
      }
      shown.textContent = `${count} of ${rows.length} rows`;
    };
    search.addEventListener("input", filter);
    filter();

    headers.forEach((th, column) => {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      const sort = () => {
        const direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        headers.forEach((h) => h.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", direction > 0 ? "ascending" : "descending");
        const key = (row) => row.cells[column].textContent.trim();
        rows.sort((a, b) => direction * collator.compare(key(a), key(b)));
        body.append(...rows);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => event.key === "Enter" && sort());
    });

    download.addEventListener("click", () => {
      const lines = [headers, ...rows.filter((row) => !row.hidden).map((row) => [...row.cells])]
        .map((cells) => cells.map((cell) => csvCell(cell.innerText)).join(","));
      const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${table.id}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    });
  }
})();
