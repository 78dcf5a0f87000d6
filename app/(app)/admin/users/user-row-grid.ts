/** Columns shared by the header and each user row: stacked on phones, four columns from md up. */
export const userRowGrid = "md:grid md:grid-cols-[minmax(0,1fr)_15rem_8.5rem_13.5rem] md:items-start md:gap-4";
