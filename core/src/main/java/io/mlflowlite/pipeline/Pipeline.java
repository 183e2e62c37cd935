package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import java.util.List;

/**
 * The one chain every call runs through, library and server alike. Interceptors run in order; the last one
 * is terminal (it answers without calling {@code proceed}). Immutable and thread-safe.
 */
public final class Pipeline {
    private final List<Interceptor> interceptors;

    public Pipeline(List<Interceptor> interceptors) {
        if (interceptors.isEmpty()) {
            throw new IllegalArgumentException("A pipeline needs at least its terminal step");
        }
        this.interceptors = List.copyOf(interceptors);
    }

    public ChatResponse call(ChatRequest request, CallContext context) {
        return new Link(0, request, context).run();
    }

    public ChatStream stream(ChatRequest request, CallContext context) {
        return new Link(0, request, context).runStream();
    }

    private final class Link implements Interceptor.Chain {
        private final int index;
        private final ChatRequest request;
        private final CallContext context;

        Link(int index, ChatRequest request, CallContext context) {
            this.index = index;
            this.request = request;
            this.context = context;
        }

        ChatResponse run() {
            return notNull(interceptors.get(index).intercept(this), "intercept");
        }

        ChatStream runStream() {
            return notNull(interceptors.get(index).interceptStream(this), "interceptStream");
        }

        private <T> T notNull(T result, String method) {
            if (result == null) {
                throw new IllegalStateException(
                        "Interceptor " + interceptors.get(index).getClass().getName() + " returned null from " + method
                                + "; return chain.proceed(...) or a response");
            }
            return result;
        }

        @Override
        public ChatRequest request() {
            return request;
        }

        @Override
        public CallContext context() {
            return context;
        }

        @Override
        public ChatResponse proceed(ChatRequest next) {
            return nextLink(next).run();
        }

        @Override
        public ChatStream proceedStream(ChatRequest next) {
            return nextLink(next).runStream();
        }

        private Link nextLink(ChatRequest next) {
            if (index + 1 >= interceptors.size()) {
                throw new IllegalStateException(
                        interceptors.get(index).getClass().getName()
                                + " is the last step of the pipeline and cannot proceed");
            }
            return new Link(index + 1, next, context);
        }
    }
}
