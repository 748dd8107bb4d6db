/* Reads its standard input (the runner feeds a file) and reports lines,
 * words, bytes, the sum of the integers it finds and the longest line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char line[512];
    long lines = 0, words = 0, bytes = 0, sum = 0;
    size_t longest = 0;
    char longest_text[512] = "";
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        lines++;
        bytes += (long)len;
        int in_word = 0;
        for (size_t i = 0; i < len; i++) {
            int space = isspace((unsigned char)line[i]);
            if (!space && !in_word)
                words++;
            in_word = !space;
        }
        for (char *p = line; *p;) {
            char *end;
            long v = strtol(p, &end, 10);
            if (end != p) {
                sum += v;
                p = end;
            } else {
                p++;
            }
        }
        line[strcspn(line, "\n")] = '\0';
        if (strlen(line) > longest) {
            longest = strlen(line);
            strcpy(longest_text, line);
        }
    }
    printf("lines=%ld words=%ld bytes=%ld sum=%ld\n", lines, words, bytes, sum);
    printf("longest (%zu): %s\n", longest, longest_text);
    int c = getchar();
    printf("getchar at EOF returns EOF: %s, feof: %s\n", c == EOF ? "yes" : "no",
           feof(stdin) ? "yes" : "no");
    return 0;
}
