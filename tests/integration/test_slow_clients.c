/* test_slow_clients.c: clients that trickle. libmicrohttpd's CONNECTION_TIMEOUT counts
 * silence only, so a byte every second keeps a connection for ever; the server gives each
 * phase an absolute limit (HEADER_TIMEOUT, BODY_TIMEOUT + BODY_MIN_RATE) and sheds the
 * connections waiting longest near MAX_CONNECTIONS. Here, at CI scale (MAX_CONNECTIONS 64,
 * HEADER_TIMEOUT 2 s, CONNECTION_TIMEOUT left at 30 s): a trickled request line is cut after
 * 2 s, a trickled body after its grace, and 256 trickling connections from 8 loopback
 * addresses, reconnecting as they are cut, leave requests from another address answered in
 * well under a second. tests/tools/slowloris.py runs the full-size attack. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static unsigned server_port(void)
{
    unsigned port = 0;
    sscanf(it_base_url(), "http://127.0.0.1:%u", &port);
    return port;
}

/* A connection to the server from the loopback address `from` (127.0.0.x); blocking unless
 * nonblocking. -1 when it cannot be made. */
static int connect_from(const char *from, bool nonblocking)
{
    int fd = socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in src = {.sin_family = AF_INET};
    inet_pton(AF_INET, from, &src.sin_addr);
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)server_port())};
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
        (connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0 && errno != EINPROGRESS)) {
        close(fd);
        return -1;
    }
    return fd;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Sends text one byte every interval_ms until the server closes the connection or text
 * ends; returns the seconds from the first byte to the close (-1: never closed). */
static double trickle_until_closed(int fd, const char *text, int interval_ms)
{
    double t0 = now_s();
    for (const char *p = text; *p; p++) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (send(fd, p, 1, MSG_NOSIGNAL) != 1)
            return now_s() - t0;
        if (poll(&pf, 1, interval_ms) > 0) {
            char b[512];
            if (recv(fd, b, sizeof b, 0) <= 0)
                return now_s() - t0;
        }
    }
    return -1;
}

START_TEST(trickled_headers_are_cut_at_header_timeout)
{
    int fd = connect_from("127.0.0.1", false);
    ck_assert_int_ge(fd, 0);
    /* one byte every 300 ms: 40 bytes would take 12 s; silence never passes 30 s */
    double took =
        trickle_until_closed(fd, "GET /healthz HTTP/1.1\r\nHost: slow.test\r\nX-A: b\r\n", 300);
    close(fd);
    ck_assert_msg(took > 0, "the server kept a connection whose headers never ended");
    ck_assert_msg(took >= 1.5 && took < 4, "cut after %.2f s, HEADER_TIMEOUT is 2 s", took);
}
END_TEST

START_TEST(a_trickled_body_is_cut_after_its_grace)
{
    int fd = connect_from("127.0.0.1", false);
    ck_assert_int_ge(fd, 0);
    const char *head =
        "POST /v1/rules/tally HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000\r\n\r\n";
    ck_assert_int_eq(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
    /* 5 bytes a second against BODY_MIN_RATE 1024 after BODY_TIMEOUT 2 s */
    char body[64];
    memset(body, ' ', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    double took = trickle_until_closed(fd, body, 200);
    close(fd);
    ck_assert_msg(took > 0, "the server kept reading a body that arrives at 5 bytes a second");
    ck_assert_msg(took >= 1.5 && took < 4, "cut after %.2f s, BODY_TIMEOUT is 2 s", took);
}
END_TEST

START_TEST(a_body_at_a_fair_rate_is_not_cut)
{
    /* 4 KiB a second for 3 s, past the grace: above BODY_MIN_RATE, answered */
    int fd = connect_from("127.0.0.1", false);
    ck_assert_int_ge(fd, 0);
    char *token = it_token("court", "judge-slow");
    char *head = it_fmt("POST /v1/rules/tally HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
                        "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n",
                        token, 12 * 1024);
    ck_assert_int_eq(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
    char chunk[1024];
    memset(chunk, ' ', sizeof chunk);
    for (int i = 0; i < 12; i++) {
        ck_assert_int_eq(send(fd, chunk, sizeof chunk, MSG_NOSIGNAL), (ssize_t)sizeof chunk);
        usleep(250 * 1000);
    }
    char reply[4096] = "";
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    ssize_t n = poll(&pf, 1, 5000) > 0 ? recv(fd, reply, sizeof reply - 1, 0) : -1;
    close(fd);
    ck_assert_msg(n > 0, "no reply to a body sent at 4 KiB/s");
    reply[n] = '\0';
    /* the body is blank, so the tally refuses it: what matters is that it was read */
    ck_assert_msg(strncmp(reply, "HTTP/1.1 400", 12) == 0, "%.200s", reply);
    free(head);
    free(token);
}
END_TEST

/* ---- the attack -------------------------------------------------------------------- */

#define ATTACKERS 256
#define ATTACK_ADDRESSES 8

static atomic_bool attack_over;
static atomic_long attack_connects;

/* 256 connections from 127.0.0.2..9, each sending one more byte of a request line every
 * second, each reconnected as soon as the server cuts it. */
static void *attack(void *arg)
{
    (void)arg;
    int fds[ATTACKERS];
    double next[ATTACKERS];
    for (int i = 0; i < ATTACKERS; i++)
        fds[i] = -1, next[i] = 0;
    while (!atomic_load(&attack_over)) {
        double now = now_s();
        for (int i = 0; i < ATTACKERS; i++) {
            if (fds[i] < 0) {
                char from[16];
                snprintf(from, sizeof from, "127.0.0.%d", 2 + i % ATTACK_ADDRESSES);
                fds[i] = connect_from(from, true);
                next[i] = now + 0.05;
                if (fds[i] >= 0)
                    atomic_fetch_add(&attack_connects, 1);
                continue;
            }
            char b[256];
            ssize_t got = recv(fds[i], b, sizeof b, MSG_DONTWAIT);
            bool closed = got == 0 ||
                          (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN);
            if (!closed && now >= next[i]) {
                closed =
                    send(fds[i], "G", 1, MSG_NOSIGNAL) < 0 && errno != EAGAIN && errno != ENOTCONN;
                next[i] = now + 1;
            }
            if (closed) {
                close(fds[i]);
                fds[i] = -1;
            }
        }
        usleep(10 * 1000);
    }
    for (int i = 0; i < ATTACKERS; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    return NULL;
}

/* One GET /healthz on a new connection from 127.0.0.1: seconds to a 200, or -1. */
static double timed_request(void)
{
    double t0 = now_s();
    int fd = connect_from("127.0.0.1", false);
    if (fd < 0)
        return -1;
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char *req = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    char reply[1024];
    ssize_t n = -1;
    if (send(fd, req, strlen(req), MSG_NOSIGNAL) == (ssize_t)strlen(req))
        n = recv(fd, reply, sizeof reply - 1, 0);
    close(fd);
    if (n < 12 || strncmp(reply, "HTTP/1.1 200", 12) != 0)
        return -1;
    return now_s() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(trickling_connections_leave_slots_for_requests_that_come_at_once)
{
    pthread_t t;
    atomic_store(&attack_over, false);
    ck_assert_int_eq(pthread_create(&t, NULL, attack, NULL), 0);
    sleep(3); /* every slot is taken (64 < 256), and the first cuts have begun */
    enum { N = 100 };
    double took[N];
    int failed = 0;
    for (int i = 0; i < N; i++) {
        took[i] = timed_request();
        if (took[i] < 0) {
            took[i] = 99;
            if (++failed > 5)
                break; /* it will not get better: fail now, not at the suite's timeout */
        }
        usleep(80 * 1000);
    }
    atomic_store(&attack_over, true);
    pthread_join(t, NULL);
    qsort(took, N, sizeof took[0], by_value);
    long connects = atomic_load(&attack_connects);
    ck_assert_msg(connects > 2 * ATTACKERS,
                  "the attack made only %ld connections: it never "
                  "filled the slots and was cut",
                  connects);
    ck_assert_msg(failed == 0, "%d of %d requests got no answer during the attack", failed, N);
    ck_assert_msg(took[N - 2] < 1.0, "p99 %.3f s during the attack (max %.3f s)", took[N - 2],
                  took[N - 1]);
    /* what the attack met is counted */
    struct it_resp *m =
        it_call("GET", "/metrics", NULL, NULL,
                (const char *const[]){"Authorization: Bearer metrics-slow-clients-token", NULL});
    ck_assert_int_eq(m->status, 200);
    ck_assert_ptr_nonnull(
        strstr(m->body, "bankruptcyd_http_connections_cut_total{reason=\"shed\"}"));
    ck_assert_ptr_null(
        strstr(m->body, "bankruptcyd_http_connections_cut_total{reason=\"shed\"} 0\n"));
    it_free(m);
}
END_TEST

static Suite *slow_clients_suite(void)
{
    Suite *s = suite_create("slow_clients");
    TCase *tc = tcase_create("phases");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, trickled_headers_are_cut_at_header_timeout);
    tcase_add_test(tc, a_trickled_body_is_cut_after_its_grace);
    tcase_add_test(tc, a_body_at_a_fair_rate_is_not_cut);
    tcase_add_test(tc, trickling_connections_leave_slots_for_requests_that_come_at_once);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"MAX_CONNECTIONS=64",
                                  "HEADER_TIMEOUT=2",
                                  "BODY_TIMEOUT=2",
                                  "BODY_MIN_RATE=1024",
                                  "METRICS_TOKEN=metrics-slow-clients-token",
                                  NULL};
IT_MAIN("slow_clients", slow_clients_suite, env)
