/*
 * dev_uart.h — an NS16550A UART with byte-wide registers (reg-shift 0),
 * enough for OpenSBI's uart8250 driver and Linux's 8250: THR/RBR, IER,
 * IIR/FCR, LCR (with the DLAB divisor latch), MCR, LSR, MSR, SCR.
 * Transmit is immediate (written to out_fd); received bytes come from
 * in_fd (non-blocking reads in dev_uart_poll) through a 16-byte FIFO.
 * The interrupt line is level: data ready (IER bit 0) or transmitter
 * empty (IER bit 1).
 */
#ifndef VM_DEV_UART_H
#define VM_DEV_UART_H

#include "dev.h"

#define DEV_UART_SIZE 0x100

struct dev_uart;

struct dev_uart *dev_uart_new(int in_fd, int out_fd, struct dev_irq irq);
void dev_uart_free(struct dev_uart *u);
extern const struct mmu_io_ops dev_uart_ops;
/* Reads pending input (if any) and updates the interrupt line. */
void dev_uart_poll(struct dev_uart *u);

#endif
