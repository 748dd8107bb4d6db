/*
 * sys_virtio_options.c — parsing -drive and -device (see
 * sys_virtio_options.h). A value is a comma-separated list of key=value
 * words, split in place; the strings kept point into argv.
 */
#include "sys_virtio_options.h"
#include "sys_net_options.h"

#include <stdio.h>
#include <string.h>

static int error(const char *option, const char *what, const char *arg)
{
    fprintf(stderr, "vm-run: %s: %s%s%s\n", option, what, arg ? " " : "",
            arg ? arg : "");
    return -1;
}

int sys_options_error(const char *option, const char *what, const char *arg)
{
    return error(option, what, arg);
}

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

char *sys_options_next_word(char **s, char **value)
{
    char *w = *s;
    if (!w)
        return NULL;
    char *comma = strchr(w, ',');
    *s = comma ? comma + 1 : NULL;
    if (comma)
        *comma = '\0';
    char *eq = strchr(w, '=');
    *value = eq ? eq + 1 : w + strlen(w);
    if (eq)
        *eq = '\0';
    return w;
}

static int on_off(const char *v, bool *out)
{
    if (is(v, "on") || is(v, "true"))
        *out = true;
    else if (is(v, "off") || is(v, "false"))
        *out = false;
    else
        return -1;
    return 0;
}

int sys_virtio_add(struct sys_options *o, const char *option,
                   const struct sys_virtio *d)
{
    if (o->virtio_count == SYS_VIRTIO_MAX)
        return error(option, "more virtio devices than the board's 8 slots",
                     NULL);
    o->virtio[o->virtio_count++] = *d;
    return 0;
}

static int drive(char *s, struct sys_drives *drives)
{
    struct sys_virtio d = {.kind = SYS_VIRTIO_BLK};
    const char *iface = "virtio", *id = NULL;
    char *key, *v;
    while ((key = sys_options_next_word(&s, &v))) {
        if (is(key, "file") && *v)
            d.file = v;
        else if (is(key, "format")) {
            if (!is(v, "raw"))
                return error("-drive", "only format=raw, not", v);
        } else if (is(key, "if"))
            iface = v;
        else if (is(key, "id") && *v)
            id = v;
        else if (is(key, "serial"))
            d.serial = v;
        else if (is(key, "readonly")) {
            if (on_off(v, &d.readonly))
                return error("-drive", "readonly=on or off, not", v);
        } else if (is(key, "media")) {
            if (!is(v, "disk"))
                return error("-drive", "only media=disk, not", v);
        } else
            return error("-drive", "unknown or empty key", key);
    }
    if (!d.file)
        return error("-drive", "file=F is missing", NULL);
    if (!is(iface, "virtio") && !is(iface, "none"))
        return error("-drive", "only if=virtio or if=none, not", iface);
    if (is(iface, "none") && !id)
        return error("-drive", "if=none needs id=NAME", NULL);
    if (drives->n == SYS_VIRTIO_MAX)
        return error("-drive", "more drives than the board's 8 slots", NULL);
    for (unsigned i = 0; id && i < drives->n; i++)
        if (drives->id[i] && is(drives->id[i], id))
            return error("-drive", "duplicate id", id);
    drives->id[drives->n] = is(iface, "none") ? id : NULL;
    drives->drive[drives->n++] = d;
    return 0;
}

static int blk_device(char *s, struct sys_options *o,
                      struct sys_drives *drives)
{
    const char *name = NULL, *serial = NULL;
    char *key, *v;
    while ((key = sys_options_next_word(&s, &v))) {
        if (is(key, "drive") && *v)
            name = v;
        else if (is(key, "serial"))
            serial = v;
        else
            return error("-device", "unknown or empty key", key);
    }
    if (!name)
        return error("-device", "virtio-blk-device needs drive=ID", NULL);
    for (unsigned i = 0; i < drives->n; i++) {
        if (!drives->id[i] || !is(drives->id[i], name))
            continue;
        struct sys_virtio d = drives->drive[i];
        if (serial)
            d.serial = serial;
        drives->id[i] = ""; /* taken: a second -device cannot find it */
        return sys_virtio_add(o, "-device", &d);
    }
    return error("-device", "no unused -drive if=none with id", name);
}

int sys_virtio_option(const char *option, char *value, struct sys_options *o,
                      struct sys_drives *drives)
{
    if (is(option, "-drive"))
        return drive(value, drives);
    char *s = value, *v;
    char *type = sys_options_next_word(&s, &v);
    if (is(type, "virtio-blk-device"))
        return blk_device(s, o, drives);
    if (is(type, "virtio-net-device"))
        return sys_net_device(s, o);
    struct sys_virtio d = {0};
    if (is(type, "virtio-rng-device"))
        d.kind = SYS_VIRTIO_RNG;
    else if (is(type, "virtio-console-device"))
        d.kind = SYS_VIRTIO_CONSOLE;
    else
        return error("-device", "unknown device (virtio-blk-device, "
                     "virtio-net-device, virtio-rng-device, "
                     "virtio-console-device):", type);
    if (s)
        return error("-device", "takes no options:", type);
    return sys_virtio_add(o, "-device", &d);
}

int sys_virtio_options_finish(struct sys_options *o,
                              const struct sys_drives *drives)
{
    for (unsigned i = 0; i < drives->n; i++)
        if (!drives->id[i] && sys_virtio_add(o, "-drive", &drives->drive[i]))
            return -1;
    return sys_net_options_finish(o);
}
