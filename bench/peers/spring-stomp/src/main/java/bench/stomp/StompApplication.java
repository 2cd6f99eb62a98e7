package bench.stomp;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The Spring guide's STOMP setup: a plain WebSocket endpoint at /ws (no SockJS) and the in-memory simple broker
 * for /topic destinations, with ordering preserved both ways. Clients SEND straight to /topic/...; the simple
 * broker does not answer STOMP receipts, so an interceptor sends the RECEIPT once the broker has handled a frame
 * (the acknowledgement the benchmark's publishers wait for).
 */
@SpringBootApplication
public class StompApplication {

    public static void main(String[] args) {
        SpringApplication.run(StompApplication.class, args);
    }

    @Configuration
    @EnableWebSocketMessageBroker
    static class Broker implements WebSocketMessageBrokerConfigurer {

        private final MessageChannel outbound;

        Broker(@Lazy @Qualifier("clientOutboundChannel") MessageChannel outbound) {
            this.outbound = outbound;
        }

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
            registry.setPreserveReceiveOrder(true);
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic");
            registry.setPreservePublishOrder(true);
        }

        @Override
        public void configureClientInboundChannel(ChannelRegistration registration) {
            registration.interceptors(new ExecutorChannelInterceptor() {
                @Override
                public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
                                                Exception failure) {
                    StompHeaderAccessor received = StompHeaderAccessor.wrap(message);
                    if (received.getReceipt() == null || !(handler instanceof SimpleBrokerMessageHandler)) {
                        return;
                    }
                    StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
                    receipt.setReceiptId(received.getReceipt());
                    receipt.setSessionId(received.getSessionId());
                    outbound.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
                }
            });
        }
    }
}
