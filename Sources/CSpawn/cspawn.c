// fork + prctl(PR_SET_PDEATHSIG) + setpgid + exec: what posix_spawn cannot do (it has no parent-death signal).
// Only async-signal-safe calls run between fork and exec, so this is safe in a multi-threaded program.
#define _GNU_SOURCE
#include "cspawn.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void child_fail(int report_fd) {
    int e = errno;
    (void)!write(report_fd, &e, sizeof e);
    _exit(127);
}

pid_t cspawn_start(const char *path, char *const argv[], int stdin_fd, int stdout_fd, int stderr_fd,
                   int *error_number) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) { *error_number = errno; return -1; }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error_number = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        // The child: its own process group (so that a timeout can kill whatever it starts), killed with us.
        if (setpgid(0, 0) != 0) child_fail(report[1]);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report[1]);
        if (getppid() != parent) _exit(127);   // the parent died before prctl took effect
        // Default signal dispositions and an empty mask: the parent may block or ignore some (SIGPIPE).
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) sigaction(s, &dfl, NULL);
        if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) child_fail(report[1]);
        // Every other descriptor is closed so that nothing of ours (other children's pipes) leaks into it.
        // (The report pipe is close-on-exec: it stays open until exec and closes by itself then.)
        unsigned int keep = (unsigned int)report[1];
        int ranged = (keep <= 3 || syscall(SYS_close_range, 3u, keep - 1, 0u) == 0)
                  && syscall(SYS_close_range, keep + 1, ~0u, 0u) == 0;
        if (!ranged) {
            long max = sysconf(_SC_OPEN_MAX);
            if (max < 0 || max > 65536) max = 65536;
            for (int fd = 3; fd < max; fd++) if (fd != report[1]) close(fd);
        }
        execve(path, argv, environ);
        child_fail(report[1]);
    }
    close(report[1]);
    int child_errno = 0;
    ssize_t n;
    do { n = read(report[0], &child_errno, sizeof child_errno); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_errno) {
        // exec failed: reap the child, report why.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error_number = child_errno;
        return -1;
    }
    // The parent also sets the group, so that it exists before anyone signals it.
    setpgid(pid, pid);
    return pid;
}

int cspawn_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
