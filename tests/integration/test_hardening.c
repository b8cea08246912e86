/* test_hardening.c: request framing a careless client or an attacker sends, over raw
 * sockets (libcurl would tidy it): a chunked body past the cap is cut off instead of read
 * to its end, and headers that a proxy and this service could read differently (a repeated
 * Content-Length or Authorization, a Transfer-Encoding other than chunked, both framings)
 * are refused at once with 400. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static int connect_server(void)
{
    unsigned port = 0;
    sscanf(it_base_url(), "http://127.0.0.1:%u", &port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* Reads what the server sends until it closes or waits more than ms (into buf). */
static size_t read_reply(int fd, char *buf, size_t cap, int ms)
{
    size_t n = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (n + 1 < cap && poll(&p, 1, ms) > 0) {
        ssize_t got = recv(fd, buf + n, cap - n - 1, 0);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    return n;
}

/* Sends one request's head (and body) and returns the status line's code. */
static int status_of(const char *request)
{
    int fd = connect_server();
    ck_assert(send(fd, request, strlen(request), MSG_NOSIGNAL) == (ssize_t)strlen(request));
    char reply[4096];
    read_reply(fd, reply, sizeof reply, 3000);
    close(fd);
    int code = 0;
    sscanf(reply, "HTTP/1.1 %d", &code);
    return code;
}

START_TEST(ambiguous_framing_is_refused_at_once)
{
    char *court = it_token("court", "judge-hardening");
    static const char *const heads[] = {
        "Content-Length: 2\r\nContent-Length: 3\r\n",
        "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n",
        "Authorization: Bearer x\r\n",
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char *req = it_fmt("POST /v1/debtors HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
                           "Content-Type: application/json\r\n%s\r\n{}",
                           court, heads[i]);
        time_t started = time(NULL);
        int code = status_of(req);
        ck_assert_msg(code == 400, "%s: got %d", heads[i], code);
        ck_assert_msg(time(NULL) - started < 3, "%s: answered only after a wait", heads[i]);
        free(req);
    }
    free(court);
}
END_TEST

/* Sends chunks of 16 KiB until the server stops reading or total bytes went out. */
static size_t send_chunks(int fd, size_t total)
{
    static char chunk[16384 + 16];
    size_t sent = 0;
    int head = snprintf(chunk, sizeof chunk, "4000\r\n");
    memset(chunk + head, 'a', 16384);
    memcpy(chunk + head + 16384, "\r\n", 2);
    size_t len = (size_t)head + 16384 + 2;
    while (sent < total && send(fd, chunk, len, MSG_NOSIGNAL) == (ssize_t)len)
        sent += 16384;
    return sent;
}

START_TEST(a_chunked_body_past_the_cap_is_not_read_to_its_end)
{
    char *court = it_token("court", "judge-hardening");
    char *head = it_fmt("POST /v1/debtors HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                        court);
    /* a little over the cap (MAX_BODY is 64 KiB here), then the end: answered 413 */
    int fd = connect_server();
    send(fd, head, strlen(head), MSG_NOSIGNAL);
    send_chunks(fd, 80 * 1024);
    send(fd, "0\r\n\r\n", 5, MSG_NOSIGNAL);
    char reply[4096];
    read_reply(fd, reply, sizeof reply, 3000);
    close(fd);
    ck_assert_msg(strncmp(reply, "HTTP/1.1 413", 12) == 0, "reply: %.200s", reply);
    /* an endless body: the server stops reading long before 64 MiB have gone */
    fd = connect_server();
    send(fd, head, strlen(head), MSG_NOSIGNAL);
    size_t sent = send_chunks(fd, 64u << 20);
    close(fd);
    ck_assert_msg(sent < (8u << 20), "the server read %zu bytes of an endless body", sent);
    free(head);
    free(court);
}
END_TEST

static Suite *hardening_suite(void)
{
    Suite *s = suite_create("hardening");
    TCase *tc = tcase_create("framing");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ambiguous_framing_is_refused_at_once);
    tcase_add_test(tc, a_chunked_body_past_the_cap_is_not_read_to_its_end);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"MAX_BODY=65536", NULL};
IT_MAIN("hardening", hardening_suite, env)
