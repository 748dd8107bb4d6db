/*
 * gdb_signals.c — gdb's remote protocol numbers signals its own way (its
 * enum gdb_signal), which agrees with Linux for 1-6, 8, 9, 11, 13-15 only.
 */
#include "gdb_internal.h"

/* Linux signal n -> gdb's number; 0 where gdb has none. */
static const unsigned char to_gdb[32] = {
    [1] = 1,   [2] = 2,   [3] = 3,   [4] = 4,   [5] = 5,   [6] = 6,
    [7] = 10,  [8] = 8,   [9] = 9,   [10] = 30, [11] = 11, [12] = 31,
    [13] = 13, [14] = 14, [15] = 15, [17] = 20, [18] = 19, [19] = 17,
    [20] = 18, [21] = 21, [22] = 22, [23] = 16, [24] = 24, [25] = 25,
    [26] = 26, [27] = 27, [28] = 28, [29] = 23, [30] = 32, [31] = 12,
};

/* gdb's real-time signals: 33 is 45, 34..63 are 46..75, 32 is 77. */
#define GDB_SIGNAL_UNKNOWN 143

int gdb_signal_from_host(int sig)
{
    if (sig > 0 && sig < 32)
        return to_gdb[sig] ? to_gdb[sig] : GDB_SIGNAL_UNKNOWN;
    if (sig == 32)
        return 77;
    if (sig >= 33 && sig <= 63)
        return sig + 12;
    return GDB_SIGNAL_UNKNOWN;
}

int gdb_signal_to_host(int gdb_sig)
{
    for (int s = 1; s < 32; s++)
        if (to_gdb[s] == gdb_sig)
            return s;
    if (gdb_sig == 77)
        return 32;
    if (gdb_sig >= 45 && gdb_sig <= 75)
        return gdb_sig - 12;
    return 0;
}
