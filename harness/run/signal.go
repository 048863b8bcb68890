package run

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// How a run stops on a signal (WithInterrupts).
//
// Ginkgo, run in-process by ginkgo.RunSpecs, installs its own handler for
// SIGINT and SIGTERM for the length of RunSpecs (internal/interrupt_handler,
// created inside RunSpecs with no way to replace or disable it). On the
// first signal it interrupts the running node (cancelling its context; a
// node without a context is abandoned at once), runs the cleanup nodes
// (DeferCleanup, AfterEach, AfterAll, AfterSuite), skips every remaining
// spec and runs the reporting nodes; the second signal skips cleanup, the
// third abandons reporting. It never exits the process, and it reports the
// skipped specs as skipped, which is how an interrupted run used to pass.
//
// signal.Notify delivers each signal to every channel registered for it, so
// the run keeps Ginkgo's first-signal behaviour (stop starting specs, let
// the running one clean up) and adds its own watcher: it remembers the
// first signal, so that the verdict is "interrupted" and the exit status
// 128+signal, and it exits the process at once on the second.

// ExitCode is the exit status of a run stopped by sig, as a shell reports a
// process killed by it: 128 + the signal's number (130 for SIGINT, 143 for
// SIGTERM).
func ExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// interrupts watches SIGINT and SIGTERM for the length of a run.
type interrupts struct {
	ch   chan os.Signal
	done chan struct{}
	wg   sync.WaitGroup
	// exit ends the process on the second signal (os.Exit).
	exit func(int)
	log  io.Writer

	mu    sync.Mutex
	first os.Signal
}

// watchInterrupts starts watching; stop ends it. log receives one line per
// signal; exit is called with the exit status on the second signal.
func watchInterrupts(log io.Writer, exit func(int)) *interrupts {
	i := &interrupts{ch: make(chan os.Signal, 2), done: make(chan struct{}), exit: exit, log: log}
	signal.Notify(i.ch, os.Interrupt, syscall.SIGTERM)
	i.wg.Add(1)
	go i.watch()
	return i
}

// watch records the first signal and exits on the second.
func (i *interrupts) watch() {
	defer i.wg.Done()
	for {
		select {
		case <-i.done:
			return
		case sig := <-i.ch:
			i.mu.Lock()
			first := i.first
			if first == nil {
				i.first = sig
			}
			i.mu.Unlock()
			if first == nil {
				fmt.Fprintf(i.log, "loftgate: %s: starting no more specs; the running spec cleans up, then the reports are written with verdict interrupted (send it again to exit at once)\n", SignalName(sig))
				continue
			}
			fmt.Fprintf(i.log, "loftgate: %s again: exiting at once, without cleanup or reports\n", SignalName(sig))
			i.exit(ExitCode(first))
			return
		}
	}
}

// signal returns the first signal received, or nil.
func (i *interrupts) signal() os.Signal {
	if i == nil {
		return nil
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.first
}

// stop stops watching. The run's caller exits soon after with ExitCode;
// a signal arriving later is Ginkgo's or the default handler's.
func (i *interrupts) stop() {
	if i == nil {
		return
	}
	signal.Stop(i.ch)
	close(i.done)
	i.wg.Wait()
}

// SignalName names the signal that stopped a run: "SIGINT" or "SIGTERM",
// or "an interrupt" when sig is nil (Ginkgo saw an interrupt the run did
// not).
func SignalName(sig os.Signal) string {
	switch sig {
	case nil:
		return "an interrupt"
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}
