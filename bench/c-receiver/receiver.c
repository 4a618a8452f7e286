/*
 * Minimal RTP receiver used as the benchmark's baseline: binds COUNT consecutive UDP ports on 127.0.0.1,
 * reads with epoll + recvmmsg and appends each packet's payload (after the 12-byte RTP header) to one file
 * per port. Runs until SIGTERM/SIGINT or SECONDS elapse, then prints "packets=N bytes=N" on stdout.
 *
 * usage: receiver OUTPUT_DIR FIRST_PORT COUNT SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PACKET_MAX 2048
#define RTP_HEADER 12

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s OUTPUT_DIR FIRST_PORT COUNT SECONDS\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int first = atoi(argv[2]), count = atoi(argv[3]), seconds = atoi(argv[4]);
    if (first <= 0 || count <= 0 || first + count > 65536 || seconds <= 0) {
        fprintf(stderr, "receiver: invalid port range or duration\n");
        return 2;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    int ep = epoll_create1(0);
    int *fds = calloc((size_t)count, sizeof(int));
    FILE **files = calloc((size_t)count, sizeof(FILE *));
    if (ep < 0 || !fds || !files) { perror("receiver: setup"); return 1; }
    for (int i = 0; i < count; i++) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)(first + i)) };
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int buffer = 1 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
        if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
            fprintf(stderr, "receiver: bind %d: %s\n", first + i, strerror(errno));
            return 1;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/stream-%d.raw", dir, first + i);
        files[i] = fopen(path, "wb");
        if (!files[i]) { perror(path); return 1; }
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        fds[i] = fd;
    }
    printf("ready\n");
    fflush(stdout);

    static char buffers[BATCH][PACKET_MAX];
    struct mmsghdr msgs[BATCH];
    struct iovec iovs[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iovs[i].iov_base = buffers[i];
        iovs[i].iov_len = PACKET_MAX;
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    struct epoll_event events[256];
    unsigned long long packets = 0, bytes = 0;
    time_t deadline = time(NULL) + seconds;
    while (!stop_requested && time(NULL) < deadline) {
        int ready = epoll_wait(ep, events, 256, 200);
        for (int e = 0; e < ready; e++) {
            int i = (int)events[e].data.u32;
            int n;
            while ((n = recvmmsg(fds[i], msgs, BATCH, 0, NULL)) > 0) {
                for (int m = 0; m < n; m++) {
                    unsigned len = msgs[m].msg_len;
                    if (len > RTP_HEADER) {
                        fwrite(buffers[m] + RTP_HEADER, 1, len - RTP_HEADER, files[i]);
                        bytes += len - RTP_HEADER;
                    }
                    packets++;
                }
            }
        }
    }
    for (int i = 0; i < count; i++) {
        fclose(files[i]);
        close(fds[i]);
    }
    printf("packets=%llu bytes=%llu\n", packets, bytes);
    return 0;
}
