/**
 * Exit codes of `digest briefing` that cron and CI can act on (README "Exit codes"):
 * 0 every source was read (an issue went out, or there was nothing new);
 * 1 an error stopped the run (one `digest: …` line says which);
 * 2 some recipients failed or their outcome is unknown (`digest send --issue ID` resumes);
 * 3 a source could not be read; what could be read was still sent, and each failed source is named.
 * When both 2 and 3 apply, 2 wins: an unfinished delivery needs action before the next run.
 */
export const EXIT_DELIVERY_INCOMPLETE = 2;
export const EXIT_SOURCE_FAILED = 3;
