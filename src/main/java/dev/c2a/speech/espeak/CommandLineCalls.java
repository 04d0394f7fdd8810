package dev.c2a.speech.espeak;

import dev.c2a.pcm.PcmFormat;
import dev.c2a.speech.Deadlines;
import dev.c2a.speech.SpeechException;
import dev.c2a.speech.SpeechRequest;
import dev.c2a.speech.WavCommand;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** One {@code espeak-ng} process per call (see {@link WavCommand}). */
final class CommandLineCalls implements EspeakCalls {
    private final String binary;
    private final WavCommand command;

    CommandLineCalls(String binary, Deadlines deadlines) {
        this.binary = binary;
        this.command = new WavCommand("espeak-ng", deadlines);
    }

    @Override
    public PcmFormat speak(SpeechRequest request, OutputStream pcm) throws SpeechException {
        return command.speak(request, request.text(), wav -> {
            List<String> args = new ArrayList<>(List.of(binary, "-w", wav.toString(), "-b", "1",
                    "-v", request.voice().id(), "-s", Integer.toString(EspeakCalls.wordsPerMinute(request.speed()))));
            if (request.ssml()) {
                args.add("-m");
            }
            return args;
        }, pcm);
    }
}
