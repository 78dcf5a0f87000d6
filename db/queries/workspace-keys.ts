/** Setting keys shared by server code and command-line tools (no server-only import here). */
export const DEMO_DATA_SETTING = "demo_data";
