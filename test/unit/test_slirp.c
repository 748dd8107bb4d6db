/*
 * test_slirp.c — the user network (dev_slirp.h) seen from the guest's
 * wire: an ARP request for the gateway 10.0.2.2 is answered, and a UDP
 * datagram to 10.0.2.2:PORT reaches a host socket on 127.0.0.1:PORT
 * whose answer comes back as a frame once dev_slirp_poll serves the
 * sockets. Frames are laid out by hand from the RFCs (826, 791, 768).
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "dev_slirp.h"

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t guest_ip[4] = {10, 0, 2, 15};
static const uint8_t gateway_ip[4] = {10, 0, 2, 2};

static uint8_t got[2048];
static size_t got_len;
static unsigned got_count;

static void deliver(void *opaque, const uint8_t *frame, size_t len)
{
    cr_assert_eq(opaque, &got_count);
    cr_assert_leq(len, sizeof(got));
    memcpy(got, frame, len);
    got_len = len;
    got_count++;
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Asks who has 10.0.2.2; returns its MAC from the reply. */
static void arp_gateway(struct dev_slirp *s, uint8_t gw_mac[6])
{
    uint8_t f[42] = {0};
    memset(f, 0xff, 6);
    memcpy(f + 6, guest_mac, 6);
    put16(f + 12, 0x0806);
    put16(f + 14, 1);      /* Ethernet */
    put16(f + 16, 0x0800); /* IPv4 */
    f[18] = 6;
    f[19] = 4;
    put16(f + 20, 1); /* request */
    memcpy(f + 22, guest_mac, 6);
    memcpy(f + 28, guest_ip, 4);
    memcpy(f + 38, gateway_ip, 4);
    got_count = 0;
    dev_slirp_send(s, f, sizeof(f));
    dev_slirp_poll(s, -1, 0);
    cr_assert_eq(got_count, 1, "one ARP reply");
    cr_assert_geq(got_len, 42);
    cr_assert_eq(memcmp(got, guest_mac, 6), 0, "to the guest");
    cr_assert_eq(be16(got + 12), 0x0806);
    cr_assert_eq(be16(got + 20), 2, "a reply");
    cr_assert_eq(memcmp(got + 6, got + 22, 6), 0, "sender MAC = source");
    cr_assert_eq(memcmp(got + 28, gateway_ip, 4), 0);
    cr_assert_eq(memcmp(got + 32, guest_mac, 6), 0);
    cr_assert_eq(memcmp(got + 38, guest_ip, 4), 0);
    memcpy(gw_mac, got + 22, 6);
}

/* The IPv4 header checksum: one's complement of the one's complement
 * sum of its 16-bit words. */
static uint16_t ip_checksum(const uint8_t *h, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 2)
        sum += be16(h + i);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

Test(slirp, answers_arp_and_carries_udp_both_ways)
{
    struct dev_slirp *s =
        dev_slirp_new(NULL, 0, (struct dev_slirp_deliver){deliver, &got_count});
    cr_assert(s);
    uint8_t gw_mac[6];
    arp_gateway(s, gw_mac);

    int host = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    cr_assert_eq(bind(host, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(getsockname(host, (struct sockaddr *)&a, &alen), 0);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(host, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

    static const char ping[] = "ping from the guest";
    uint8_t f[14 + 20 + 8 + sizeof(ping)] = {0};
    memcpy(f, gw_mac, 6);
    memcpy(f + 6, guest_mac, 6);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14, *udp = ip + 20;
    ip[0] = 0x45;
    put16(ip + 2, sizeof(f) - 14);
    ip[8] = 64;
    ip[9] = 17; /* UDP */
    memcpy(ip + 12, guest_ip, 4);
    memcpy(ip + 16, gateway_ip, 4);
    put16(ip + 10, ip_checksum(ip, 20));
    put16(udp, 40000);
    put16(udp + 2, ntohs(a.sin_port));
    put16(udp + 4, 8 + sizeof(ping)); /* checksum 0: none (RFC 768) */
    memcpy(udp + 8, ping, sizeof(ping));
    dev_slirp_send(s, f, sizeof(f));

    char buf[64] = {0};
    struct sockaddr_in from;
    socklen_t flen = sizeof(from);
    ssize_t n = recvfrom(host, buf, sizeof(buf), 0, (struct sockaddr *)&from,
                         &flen);
    cr_assert_eq(n, (ssize_t)sizeof(ping), "the host socket got it");
    cr_assert_str_eq(buf, ping);
    static const char pong[] = "pong from the host";
    cr_assert_eq(sendto(host, pong, sizeof(pong), 0, (struct sockaddr *)&from,
                        flen), (ssize_t)sizeof(pong));
    got_count = 0;
    for (int i = 0; i < 100 && !got_count; i++)
        dev_slirp_poll(s, -1, 50);
    cr_assert_eq(got_count, 1, "the answer came back as a frame");
    cr_assert_eq(memcmp(got, guest_mac, 6), 0);
    cr_assert_eq(be16(got + 12), 0x0800);
    const uint8_t *rip = got + 14, *rudp = rip + 4 * (rip[0] & 15);
    cr_assert_eq(rip[9], 17);
    cr_assert_eq(memcmp(rip + 12, gateway_ip, 4), 0, "from 10.0.2.2");
    cr_assert_eq(memcmp(rip + 16, guest_ip, 4), 0);
    cr_assert_eq(ip_checksum(rip, 4 * (rip[0] & 15)), 0, "valid header");
    cr_assert_eq(be16(rudp), ntohs(a.sin_port));
    cr_assert_eq(be16(rudp + 2), 40000);
    cr_assert_eq(be16(rudp + 4), 8 + sizeof(pong));
    cr_assert_eq(memcmp(rudp + 8, pong, sizeof(pong)), 0);
    close(host);
    dev_slirp_free(s);
}

Test(slirp, a_taken_host_port_fails_cleanly)
{
    int taken = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    cr_assert_eq(bind(taken, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(taken, 1), 0);
    cr_assert_eq(getsockname(taken, (struct sockaddr *)&a, &alen), 0);
    struct dev_slirp_fwd fwd = {.host_addr = INADDR_LOOPBACK,
                                .host_port = ntohs(a.sin_port),
                                .guest_port = 22};
    cr_assert_null(dev_slirp_new(&fwd, 1, (struct dev_slirp_deliver){
                                              deliver, &got_count}));
    close(taken);
}
