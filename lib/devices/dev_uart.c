/*
 * dev_uart.c — the 16550 registers (see dev_uart.h).
 */
#include "dev_uart.h"

#include <stdlib.h>
#include <unistd.h>

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5,
       MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IER_RDI 0x01
#define IER_THRI 0x02
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_FIFO 0xc0
#define FCR_ENABLE 0x01
#define MSR_IDLE 0xb0 /* DCD, DSR, CTS: a cable is there */
#define FIFO_SIZE 16

struct dev_uart {
    int out_fd;
    struct dev_irq irq;
    uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
    bool thr_irq;        /* THR-empty interrupt pending (until IIR read) */
    uint8_t fifo[FIFO_SIZE];
    unsigned head, count;
};

struct dev_uart *dev_uart_new(int out_fd, struct dev_irq irq)
{
    struct dev_uart *u = calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    u->out_fd = out_fd;
    u->irq = irq;
    return u;
}

void dev_uart_free(struct dev_uart *u)
{
    free(u);
}

static void update_irq(struct dev_uart *u)
{
    bool level = ((u->ier & IER_RDI) && u->count) ||
                 ((u->ier & IER_THRI) && u->thr_irq);
    dev_irq_set(&u->irq, level);
}

unsigned dev_uart_rx_room(const struct dev_uart *u)
{
    return FIFO_SIZE - u->count;
}

void dev_uart_rx(struct dev_uart *u, uint8_t c)
{
    if (u->count < FIFO_SIZE)
        u->fifo[(u->head + u->count++) % FIFO_SIZE] = c;
    update_irq(u);
}

static uint8_t iir(struct dev_uart *u)
{
    uint8_t fifo = (u->fcr & FCR_ENABLE) ? IIR_FIFO : 0;
    if ((u->ier & IER_RDI) && u->count)
        return fifo | IIR_RDI;
    if ((u->ier & IER_THRI) && u->thr_irq) {
        u->thr_irq = false; /* reading IIR acknowledges THR empty */
        update_irq(u);
        return fifo | IIR_THRI;
    }
    return fifo | IIR_NONE;
}

static uint64_t uart_read(void *opaque, uint64_t offset, unsigned size)
{
    struct dev_uart *u = opaque;
    (void)size;
    bool dlab = u->lcr & LCR_DLAB;
    switch (offset) {
    case RBR_THR: {
        if (dlab)
            return u->dll;
        if (!u->count)
            return 0;
        uint8_t c = u->fifo[u->head];
        u->head = (u->head + 1) % FIFO_SIZE;
        u->count--;
        update_irq(u);
        return c;
    }
    case IER: return dlab ? u->dlm : u->ier;
    case IIR_FCR: return iir(u);
    case LCR: return u->lcr;
    case MCR: return u->mcr;
    case LSR: return LSR_THRE | LSR_TEMT | (u->count ? LSR_DR : 0);
    case MSR: return MSR_IDLE;
    case SCR: return u->scr;
    }
    return 0;
}

static void uart_write(void *opaque, uint64_t offset, unsigned size,
                       uint64_t value)
{
    struct dev_uart *u = opaque;
    uint8_t v = (uint8_t)value;
    (void)size;
    bool dlab = u->lcr & LCR_DLAB;
    switch (offset) {
    case RBR_THR:
        if (dlab) {
            u->dll = v;
            break;
        }
        if (write(u->out_fd, &v, 1) < 0)
            break;
        u->thr_irq = true; /* sent at once: empty again */
        break;
    case IER:
        if (dlab) {
            u->dlm = v;
            break;
        }
        /* Enabling THRI with an empty THR raises it (8250 relies on it). */
        if ((v & IER_THRI) && !(u->ier & IER_THRI))
            u->thr_irq = true;
        u->ier = v & 0x0f;
        break;
    case IIR_FCR:
        u->fcr = v;
        if (v & 0x02) /* clear the receive FIFO */
            u->count = 0;
        break;
    case LCR: u->lcr = v; break;
    case MCR: u->mcr = v & 0x1f; break;
    case SCR: u->scr = v; break;
    }
    update_irq(u);
}

const struct mmu_io_ops dev_uart_ops = {uart_read, uart_write};

/* ---- snapshots (dev_uart.h) ---- */

void dev_uart_state(struct dev_uart *u, struct dev_state *s)
{
    uint32_t head = u->head, count = u->count;
    dev_state_u8(s, &u->ier);
    dev_state_u8(s, &u->lcr);
    dev_state_u8(s, &u->mcr);
    dev_state_u8(s, &u->scr);
    dev_state_u8(s, &u->fcr);
    dev_state_u8(s, &u->dll);
    dev_state_u8(s, &u->dlm);
    dev_state_bool(s, &u->thr_irq);
    dev_state_expect(s, FIFO_SIZE, "UART with another FIFO size");
    dev_state_bytes(s, u->fifo, FIFO_SIZE);
    dev_state_u32(s, &head);
    dev_state_u32(s, &count);
    if (!s->loading ||
        !dev_state_check(s, head < FIFO_SIZE && count <= FIFO_SIZE,
                         "bad UART FIFO"))
        return;
    u->head = head;
    u->count = count;
    update_irq(u);
}
