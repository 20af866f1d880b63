#ifndef CSPAWN_H
#define CSPAWN_H
#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) in a new process group of its own, with stdin, stdout and stderr
/// connected to the given descriptors, and a parent-death signal (SIGKILL) set before exec: if the thread that
/// called this dies — the whole program killed with SIGKILL included — the kernel kills the child.
/// Returns the child's pid, or -1 with `*error_number` set (exec failures are reported too, through a pipe).
pid_t cspawn_start(const char *path, char *const argv[], int stdin_fd, int stdout_fd, int stderr_fd,
                   int *error_number);

/// pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not export.
int cspawn_pipe(int fds[2]);

#endif
