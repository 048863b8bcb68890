package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/run"
)

// boundFlags are the time bounds of a command that runs the specs.
type boundFlags struct {
	timeout     time.Duration
	specTimeout time.Duration
}

// register adds --timeout and --spec-timeout.
func (b *boundFlags) register(fs *pflag.FlagSet) {
	fs.DurationVar(&b.timeout, "timeout", run.DefaultTimeout, "stop the whole run after this long (the running spec is stopped, no further spec starts, the verdict is fail; config: timeout)")
	fs.DurationVar(&b.specTimeout, "spec-timeout", run.DefaultSpecTimeout, "stop a spec's setup, body or cleanup after this long; the spec fails naming the calls still unanswered (config: spec_timeout)")
}

// options returns the run options of the bounds, with the CLI's signal
// handling: a flag the user set wins, then timeout and spec_timeout of the
// configuration, then the run's defaults.
func (b *boundFlags) options(fs *pflag.FlagSet, cfg *config.Config) []run.Option {
	timeout, specTimeout := b.resolve(fs, cfg)
	return []run.Option{run.WithTimeout(timeout), run.WithSpecTimeout(specTimeout), run.WithInterrupts()}
}

// resolve returns the run's bound and the spec bound: a flag the user set,
// else the configuration's key, else the flag's default.
func (b *boundFlags) resolve(fs *pflag.FlagSet, cfg *config.Config) (timeout, specTimeout time.Duration) {
	timeout, specTimeout = b.timeout, b.specTimeout
	if !fs.Changed("timeout") && cfg.Timeout > 0 {
		timeout = cfg.Timeout
	}
	if !fs.Changed("spec-timeout") && cfg.SpecTimeout > 0 {
		specTimeout = cfg.SpecTimeout
	}
	return timeout, specTimeout
}
