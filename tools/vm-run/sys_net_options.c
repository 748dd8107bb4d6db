/*
 * sys_net_options.c — parsing -netdev, -nic and virtio-net-device's keys
 * (see sys_net_options.h).
 */
#include "sys_net_options.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_virtio_net.h"
#include "sys_virtio_options.h"

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* A port 1-65535, all digits. */
static int parse_port(const char *s, uint16_t *port)
{
    char *end;
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (v == 0 || v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

/* An IPv4 address, or "" for the default (0). */
static int parse_addr(const char *s, uint32_t *addr)
{
    struct in_addr a;
    if (!*s) {
        *addr = 0;
        return 0;
    }
    if (inet_pton(AF_INET, s, &a) != 1)
        return -1;
    *addr = ntohl(a.s_addr);
    return 0;
}

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, split in place. */
static int parse_hostfwd(char *rule, struct dev_slirp_fwd *f)
{
    char *proto = rule, *host = strchr(rule, ':');
    if (!host)
        return -1;
    *host++ = '\0';
    if (is(proto, "udp"))
        f->udp = true;
    else if (!is(proto, "tcp") && *proto)
        return -1;
    char *host_port = strchr(host, ':'), *guest = strchr(host, '-');
    if (!host_port || !guest || guest < host_port)
        return -1;
    *host_port++ = '\0';
    *guest++ = '\0';
    char *guest_port = strchr(guest, ':');
    if (!guest_port)
        return -1;
    *guest_port++ = '\0';
    return parse_addr(host, &f->host_addr) ||
           parse_port(host_port, &f->host_port) ||
           parse_addr(guest, &f->guest_addr) ||
           parse_port(guest_port, &f->guest_port)
               ? -1 : 0;
}

/* Six two-digit hex bytes separated by ':'. */
static int parse_mac(const char *s, uint8_t mac[DEV_NET_MAC_LEN])
{
    for (int i = 0; i < DEV_NET_MAC_LEN; i++, s += 3) {
        if (strspn(s, "0123456789abcdefABCDEF") < 2 ||
            (i < DEV_NET_MAC_LEN - 1 ? s[2] != ':' : s[2] != '\0'))
            return -1;
        char byte[3] = {s[0], s[1], '\0'};
        mac[i] = (uint8_t)strtoul(byte, NULL, 16);
    }
    return 0;
}

static int mac_key(const char *option, const char *v, struct sys_virtio *nic)
{
    return parse_mac(v, nic->mac)
               ? sys_options_error(option, "mac=XX:XX:XX:XX:XX:XX, not", v) : 0;
}

int sys_net_option(const char *option, char *value, struct sys_options *o)
{
    bool nic = is(option, "-nic");
    char *s = value, *key, *v;
    char *type = sys_options_next_word(&s, &v);
    if (!type || !is(type, "user"))
        return sys_options_error(option, "only user networking (user,...), not",
                     type ? type : "");
    if (o->has_netdev)
        return sys_options_error(option, "one user network only for now", NULL);
    struct sys_netdev *n = &o->netdev;
    struct sys_virtio d = {.kind = SYS_VIRTIO_NET, .netdev = ""};
    memcpy(d.mac, dev_net_default_mac, DEV_NET_MAC_LEN);
    n->id = nic ? "" : NULL; /* -nic's is internal: no -device names it */
    while ((key = sys_options_next_word(&s, &v))) {
        if (is(key, "id") && *v && !nic) {
            n->id = v;
        } else if (is(key, "hostfwd")) {
            if (n->fwd_count == SYS_HOSTFWD_MAX)
                return sys_options_error(option,
                        "more than 8 hostfwd rules", NULL);
            char rule[128]; /* the rule as given: parsing splits it */
            snprintf(rule, sizeof(rule), "%s", v);
            if (parse_hostfwd(v, &n->fwd[n->fwd_count++]))
                return sys_options_error(option,
                        "hostfwd=[tcp|udp]:[ADDR]:PORT-"
                             "[ADDR]:PORT, not", rule);
        } else if (nic && is(key, "model")) {
            if (!is(v, "virtio-net-device"))
                return sys_options_error(option,
                        "only model=virtio-net-device, not", v);
        } else if (nic && is(key, "mac")) {
            if (mac_key(option, v, &d))
                return -1;
        } else {
            return sys_options_error(option, "unknown or empty key", key);
        }
    }
    if (!n->id)
        return sys_options_error(option, "user needs id=NAME", NULL);
    o->has_netdev = true;
    return nic ? sys_virtio_add(o, option, &d) : 0;
}

int sys_net_device(char *s, struct sys_options *o)
{
    struct sys_virtio d = {.kind = SYS_VIRTIO_NET};
    memcpy(d.mac, dev_net_default_mac, DEV_NET_MAC_LEN);
    char *key, *v;
    while ((key = sys_options_next_word(&s, &v))) {
        if (is(key, "netdev") && *v)
            d.netdev = v;
        else if (is(key, "mac")) {
            if (mac_key("-device", v, &d))
                return -1;
        } else
            return sys_options_error("-device", "unknown or empty key", key);
    }
    if (!d.netdev)
        return sys_options_error("-device",
                "virtio-net-device needs netdev=ID", NULL);
    return sys_virtio_add(o, "-device", &d);
}

int sys_net_options_finish(struct sys_options *o)
{
    unsigned peers = 0;
    for (unsigned i = 0; i < o->virtio_count; i++) {
        const struct sys_virtio *d = &o->virtio[i];
        if (d->kind != SYS_VIRTIO_NET)
            continue;
        if (!o->has_netdev || !is(d->netdev, o->netdev.id))
            return sys_options_error("-device",
                    "no -netdev with id", d->netdev);
        if (++peers > 1)
            return sys_options_error("-device",
                    "a second NIC on -netdev", d->netdev);
    }
    return 0;
}
