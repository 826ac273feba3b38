/**
 * How long a screen waits before showing its spinner (ms). A read from the local cache ends well
 * before: the agent sees no flash, and no spinner fades out (a leaving transition makes the
 * browser lay the page out at once, in the middle of the screen's first frame).
 */
export const SPIN_DELAY = 200
