package io.mlflowlite.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.time.TimeSource;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final CallContext CONTEXT =
            new CallContext(TimeSource.SYSTEM, Duration.ofSeconds(5), Duration.ofSeconds(10));

    @Test
    void aLambdaIsAnInterceptorAndSeesTheRequestOnTheWayDown() {
        List<String> users = new ArrayList<>();
        Interceptor tagging = chain ->
                chain.proceed(chain.request().toBuilder().user("batch-job").build());
        Interceptor terminal = chain -> {
            users.add(chain.request().user());
            return ChatResponse.builder()
                    .model("m")
                    .addChoice(new Choice(0, Message.assistant("ok"), FinishReason.STOP))
                    .build();
        };

        ChatResponse response = new Pipeline(List.of(tagging, terminal)).call(ChatRequest.of("m", "hi"), CONTEXT);

        assertThat(response.content()).isEqualTo("ok");
        assertThat(users).containsExactly("batch-job");
    }

    @Test
    void anInterceptorReturningNullIsNamed() {
        Interceptor broken = new NullReturning();
        Interceptor terminal = chain -> ChatResponse.builder()
                .model("m")
                .addChoice(new Choice(0, Message.assistant("ok"), FinishReason.STOP))
                .build();

        assertThatThrownBy(() -> new Pipeline(List.of(broken, terminal)).call(ChatRequest.of("m", "hi"), CONTEXT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NullReturning.class.getName())
                .hasMessageContaining("returned null from intercept");
    }

    @Test
    void aGatewayRunsALambdaInterceptorOnEveryCall() {
        List<String> models = new ArrayList<>();
        try (Gateway gateway = Gateway.builder()
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .tracing(Tracing.builder().enabled(false).build())
                .interceptor(chain -> {
                    models.add(chain.request().model());
                    return chain.proceed(chain.request());
                })
                .build()) {
            gateway.completion(ChatRequest.of("mock/mini", "What is the capital of France?"));
        }
        assertThat(models).containsExactly("mock/mini");
    }

    private static final class NullReturning implements Interceptor {
        @Override
        public ChatResponse intercept(Chain chain) {
            return null;
        }
    }
}
