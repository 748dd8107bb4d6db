/* zlib driver: deflates FILE at level LEVEL and inflates it back, R times, checking the
 * round trip. Usage: zlib_bench FILE R [LEVEL]  (prints sizes and checksums). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    unsigned char *data = size > 0 ? malloc((size_t)size) : NULL;
    if (data != NULL) {
        rewind(f);
        *len = fread(data, 1, (size_t)size, f);
    }
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE ROUNDS [LEVEL]\n", argv[0]);
        return 2;
    }
    unsigned rounds = (unsigned)strtoul(argv[2], NULL, 10);
    int level = argc > 3 ? atoi(argv[3]) : 6;
    size_t len = 0;
    unsigned char *input = read_file(argv[1], &len);
    if (input == NULL) {
        fprintf(stderr, "%s: missing, unreadable or empty\n", argv[1]);
        return 1;
    }
    uLongf bound = compressBound(len);
    unsigned char *packed = malloc(bound);
    unsigned char *unpacked = malloc(len + 1);
    uLong crc = crc32(0L, Z_NULL, 0);
    uLongf packed_len = 0;
    int status = 0;
    for (unsigned r = 0; r < rounds && status == 0; r++) {
        packed_len = bound;
        uLongf unpacked_len = len + 1;
        if (compress2(packed, &packed_len, input, len, level) != Z_OK ||
            uncompress(unpacked, &unpacked_len, packed, packed_len) != Z_OK ||
            unpacked_len != len || memcmp(unpacked, input, len) != 0) {
            printf("round %u: round trip failed\n", r);
            status = 1;
        }
        crc = crc32(crc, packed, (uInt)packed_len);
        input[r % len] ^= 0x20; /* each round compresses slightly different data */
    }
    printf("input %zu rounds %u level %d packed %lu crc32 %08lx adler32 %08lx\n", len, rounds,
           level, (unsigned long)packed_len, crc, adler32(1L, unpacked, (uInt)len));
    free(input);
    free(packed);
    free(unpacked);
    return status;
}
