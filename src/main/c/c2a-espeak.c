/*
 * c2a-espeak: espeak-ng kept resident for c2a's workers. Loading espeak-ng's data costs about as
 * much as speaking a 200-character sentence, so the espeak-ng command line spends half its time
 * starting; this helper loads it once (and the request's voice), then forks a child per request.
 * The child starts from that state, exactly like a new espeak-ng process, so its audio is
 * byte-identical to the command line's (espeak-ng keeps synthesis state between calls in one process, which would make
 * a sentence sound different depending on what was spoken before it).
 *
 * Protocol (all integers 32-bit little-endian), on stdin/stdout:
 *   hello    -> int sample_rate
 *   request  <- int voice_len, voice bytes, int words_per_minute, int flags, int text_len, UTF-8 text
 *               flags: 1 = the text is SSML, 2 = report word and mark events
 *   response -> zero or more frames, each either audio (int n > 0, n bytes of 16-bit mono PCM) or,
 *               when asked for, an event (int -2, int type, int a, int b, int milliseconds):
 *               type 1 = a word (a = its character position in the text, counted from 1, b = its
 *               length in characters), type 3 = an SSML mark whose name is a number (a = that number);
 *               milliseconds = where in the audio it begins; then
 *               int 0 (done) or int -1, int len, message bytes (failed)
 * Errors that leave espeak-ng unusable end the process; c2a starts another.
 */
/* for F_SETPIPE_SZ */
#define _GNU_SOURCE
#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <signal.h>
#include <errno.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int report_events;

/* Every frame goes out with write(2), not stdio: see main. */
static void put_all(struct iovec *iov, int n) {
    while (n > 0) {
        ssize_t written = writev(STDOUT_FILENO, iov, n);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            _exit(5);
        }
        for (; n > 0 && (size_t) written >= iov->iov_len; iov++, n--) {
            written -= (ssize_t) iov->iov_len;
        }
        if (n > 0) {
            iov->iov_base = (char *) iov->iov_base + written;
            iov->iov_len -= (size_t) written;
        }
    }
}

/* a frame's head: the integers before (or instead of) its bytes, written at `at` of `head` */
static size_t head_int(unsigned char *head, size_t at, int32_t v) {
    head[at] = v & 0xff;
    head[at + 1] = (v >> 8) & 0xff;
    head[at + 2] = (v >> 16) & 0xff;
    head[at + 3] = (v >> 24) & 0xff;
    return at + 4;
}

static void put_int(int32_t v) {
    unsigned char b[4];
    struct iovec iov = {b, head_int(b, 0, v)};
    put_all(&iov, 1);
}

static int get_int(int32_t *v) {
    unsigned char b[4];
    if (fread(b, 1, 4, stdin) != 4) {
        return 0;
    }
    *v = (int32_t) ((uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24);
    return 1;
}

static char *get_bytes(int32_t len) {
    if (len < 0 || len > (64 << 20)) {
        return NULL;
    }
    char *s = malloc((size_t) len + 1);
    if (s == NULL || fread(s, 1, (size_t) len, stdin) != (size_t) len) {
        free(s);
        return NULL;
    }
    s[len] = '\0';
    return s;
}

static void fail(const char *message) {
    unsigned char head[8];
    size_t at = head_int(head, head_int(head, 0, -1), (int32_t) strlen(message));
    struct iovec iov[2] = {{head, at}, {(void *) message, strlen(message)}};
    put_all(iov, 2);
}

static size_t head_event(unsigned char *head, size_t at, int32_t type, int32_t a, int32_t b, int32_t millis) {
    int32_t fields[] = {-2, type, a, b, millis};
    for (int i = 0; i < 5; i++) {
        at = head_int(head, at, fields[i]);
    }
    return at;
}

/* One callback is one writev: its events, then its audio. Events come before the audio they
   describe, so a reader can cut the audio at them. */
static int on_audio(short *wav, int samples, espeak_EVENT *events) {
    static unsigned char *head;
    static size_t head_size;
    size_t count = 0;
    for (espeak_EVENT *e = events; report_events && e != NULL && e->type != espeakEVENT_LIST_TERMINATED; e++) {
        count++;
    }
    if (head_size < 20 * count + 4) {
        free(head);
        head_size = 20 * count + 4;
        head = malloc(head_size);
        if (head == NULL) {
            _exit(6);
        }
    }
    size_t at = 0;
    for (espeak_EVENT *e = events; report_events && e != NULL && e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type == espeakEVENT_WORD) {
            at = head_event(head, at, 1, e->text_position, e->length, e->audio_position);
        } else if (e->type == espeakEVENT_MARK && e->id.name != NULL) {
            at = head_event(head, at, 3, atoi(e->id.name), 0, e->audio_position);
        }
    }
    struct iovec iov[2] = {{head, 0}, {wav, 0}};
    if (wav != NULL && samples > 0) {
        at = head_int(head, at, samples * 2);
        iov[1].iov_len = (size_t) samples * 2;
    }
    iov[0].iov_len = at;
    if (at > 0) {
        put_all(iov, iov[1].iov_len > 0 ? 2 : 1);
    }
    return 0;
}

/* As the espeak-ng command line does: a voice name first, else a language. */
static int select_voice(char *voice) {
    if (espeak_SetVoiceByName(voice) == EE_OK) {
        return 1;
    }
    espeak_VOICE wanted;
    memset(&wanted, 0, sizeof(wanted));
    wanted.languages = voice;
    return espeak_SetVoiceByProperties(&wanted) == EE_OK;
}

int main(void) {
    /* A 200-character text is about 576 kB of PCM. Through stdio's 4 kB buffer on a pipe it took
       140 writes, and the reader in c2a woke for each: about 100 context switches a text. A 1 MB
       stdio buffer (session 11) cut the writes but cost 229 page faults and 4.5-5.3 ms of system
       time a text: each forked child touched its copy of the buffer anew. Now espeak-ng hands over
       a second of audio a callback (44 kB at 22,050 Hz; the audio is byte-identical with 200 ms,
       as with the command line, up to 1000 ms and no further) and each callback is one writev
       straight from espeak-ng's buffer: 88-90 faults and 3.0-3.8 ms system time a text, measured
       with bench/peers (BENCHMARKS.md, session 14). The pipe is 512 kB so that a sentence rarely
       waits for the reader. It is not 1 MB: pipes count against a per-user quota
       (fs.pipe-user-pages-soft, 64 MB), past which every new pipe of the user gets two pages, and
       there is a helper per core; if the kernel refuses, the 64 kB pipe works too. */
    if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 19) < 0) {
        perror("c2a-espeak: keeping the pipe's own size (F_SETPIPE_SZ)");
    }
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 1000, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        fprintf(stderr, "espeak-ng could not start (espeak_Initialize returned %d)\n", rate);
        return 1;
    }
    espeak_SetSynthCallback(on_audio);
    put_int(rate);
    /* the voice the parent has selected: children inherit it (selecting reads voice files) */
    char *selected = NULL;
    for (;;) {
        int32_t voice_len, wpm, flags, text_len;
        if (!get_int(&voice_len)) {
            return 0;
        }
        char *voice = get_bytes(voice_len);
        if (voice == NULL || !get_int(&wpm) || !get_int(&flags) || !get_int(&text_len)) {
            fprintf(stderr, "malformed request\n");
            return 2;
        }
        char *text = get_bytes(text_len);
        if (text == NULL) {
            fprintf(stderr, "malformed request text\n");
            return 2;
        }
        int preselected = selected != NULL && strcmp(selected, voice) == 0;
        if (!preselected) {
            free(selected);
            selected = select_voice(voice) ? strdup(voice) : NULL;
            preselected = selected != NULL;
        }
        pid_t child = fork();
        if (child < 0) {
            fail("the espeak-ng helper could not fork");
        } else if (child == 0) {
            /* dies with the helper, so killing the helper (deadline, cancel) stops the speech too */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() == 1) {
                _exit(3);
            }
            if (!preselected) {
                fprintf(stderr, "Error: The specified espeak-ng voice does not exist.\n");
                fail("The specified espeak-ng voice does not exist.");
                _exit(0);
            }
            espeak_SetParameter(espeakRATE, wpm, 0);
            report_events = (flags & 2) != 0;
            espeak_ERROR e = espeak_Synth(text, (size_t) text_len + 1, 0, POS_CHARACTER, 0,
                                          espeakCHARS_UTF8 | espeakENDPAUSE | ((flags & 1) ? espeakSSML : 0), NULL,
                                          NULL);
            if (e == EE_OK) {
                e = espeak_Synchronize();
            }
            if (e != EE_OK) {
                fail("espeak-ng could not speak the text");
            } else {
                put_int(0);
            }
            _exit(0);
        } else {
            int status = 0;
            waitpid(child, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                /* the child died mid-answer: its frames are cut, so the stream cannot go on */
                fprintf(stderr, "espeak-ng died while speaking (status %d)\n", status);
                return 4;
            }
        }
        free(voice);
        free(text);
    }
}
