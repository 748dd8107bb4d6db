/*
 * dev_uart.h — an NS16550A UART with byte-wide registers (reg-shift 0),
 * enough for OpenSBI's uart8250 driver and Linux's 8250: THR/RBR, IER,
 * IIR/FCR, LCR (with the DLAB divisor latch), MCR, LSR, MSR, SCR.
 * Transmit is immediate (written to out_fd); received bytes are handed
 * in by the board's console (dev_uart_rx) through a 16-byte FIFO.
 * The interrupt line is level: data ready (IER bit 0) or transmitter
 * empty (IER bit 1).
 */
#ifndef VM_DEV_UART_H
#define VM_DEV_UART_H

#include "dev.h"
#include "dev_state.h"

#define DEV_UART_SIZE 0x100

struct dev_uart;

struct dev_uart *dev_uart_new(int out_fd, struct dev_irq irq);
void dev_uart_free(struct dev_uart *u);
extern const struct mmu_io_ops dev_uart_ops;
/* Free places in the receive FIFO; dev_uart_rx queues one byte there
 * (dropped when full, as a line overrun) and raises the interrupt. */
unsigned dev_uart_rx_room(const struct dev_uart *u);
void dev_uart_rx(struct dev_uart *u, uint8_t c);

/* Saves or restores the registers and the receive FIFO (dev_state.h). */
void dev_uart_state(struct dev_uart *u, struct dev_state *s);

#endif
