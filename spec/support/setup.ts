// Jasmine helper loaded before every spec file: generous timeout for integration specs
// that talk to a real local runtime over real sockets.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000;
