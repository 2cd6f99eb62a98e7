package io.switchboard.topic;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.SwitchboardException;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

import static io.switchboard.protocol.TopicWildcards.ONE_OR_MORE_TOKENS;
import static io.switchboard.protocol.TopicWildcards.ONE_TOKEN;

/**
 * The wildcard subscriptions of an engine as a subject tree, like NATS's sublist: one node per token, with
 * {@code *} and {@code >} as tokens of their own. Matching a topic walks only the branches its tokens (and the
 * wildcards) lead to, so a publish costs the same with 100,000 unrelated patterns as with none. The tree holds at
 * most {@code maxNodes} nodes: a deep pattern of unique tokens costs a node per token, and subscriptions per
 * connection times connections would bound nothing.
 *
 * <p>Reads are lock-free: an optimistic read of a {@link StampedLock}, done again under the read lock if a
 * subscription changed meanwhile. Changes take the write lock, and so does the callback a new subscription runs
 * once it is in the tree: the subscriber's {@code ack} is queued before any publish can have matched it, and any
 * publish that starts after the ack matches it.
 */
final class PatternIndex {

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>();
        /** Subscribers of the pattern that ends at this node. */
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }

    private final StampedLock lock = new StampedLock();
    private final Node root = new Node();
    private final int maxNodes;
    /** Nodes below the root; guarded by the write lock. */
    private int nodes;

    PatternIndex(int maxNodes) {
        this.maxNodes = maxNodes;
    }

    /**
     * Adds a subscription, then runs {@code inForce} while no publish can match it yet; false (and nothing run)
     * if the subscriber already had it.
     *
     * @throws SwitchboardException {@code too_many_subscriptions} when the tree would outgrow its nodes
     */
    boolean add(TopicPattern pattern, Subscriber subscriber, Runnable inForce) {
        long stamp = lock.writeLock();
        try {
            if (nodes + missingNodes(pattern.tokens()) > maxNodes) {
                throw new SwitchboardException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "The hub holds as many wildcard "
                        + "subscriptions as it may; subscribe to exact topics, or to patterns others use too");
            }
            Node node = root;
            for (String token : pattern.tokens()) {
                Node parent = node;
                node = parent.children.get(token);
                if (node == null) {
                    node = new Node();
                    parent.children.put(token, node);
                    nodes++;
                }
            }
            if (!node.subscribers.add(subscriber)) {
                return false;
            }
            inForce.run();
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** How many nodes the tree lacks for a pattern of these tokens. */
    private int missingNodes(String[] tokens) {
        Node node = root;
        for (int depth = 0; depth < tokens.length; depth++) {
            node = node.children.get(tokens[depth]);
            if (node == null) {
                return tokens.length - depth;
            }
        }
        return 0;
    }

    /** Removes a subscription and the branches it leaves empty; false if there was none. */
    boolean remove(TopicPattern pattern, Subscriber subscriber) {
        long stamp = lock.writeLock();
        try {
            return remove(root, pattern.tokens(), 0, subscriber);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private boolean remove(Node node, String[] tokens, int depth, Subscriber subscriber) {
        if (depth == tokens.length) {
            return node.subscribers.remove(subscriber);
        }
        Node child = node.children.get(tokens[depth]);
        if (child == null || !remove(child, tokens, depth + 1, subscriber)) {
            return false;
        }
        if (child.isEmpty()) {
            node.children.remove(tokens[depth]);
            nodes--;
        }
        return true;
    }

    /** The subscribers of every pattern matching {@code topic}, each once; null when there are none. */
    Set<Subscriber> matching(TopicName topic) {
        long stamp = lock.tryOptimisticRead();
        Set<Subscriber> found = collect(root, topic.tokens(), 0, null);
        if (lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return collect(root, topic.tokens(), 0, null);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    boolean matchesAny(TopicName topic) {
        return matching(topic) != null;
    }

    private static Set<Subscriber> collect(Node node, String[] tokens, int depth, Set<Subscriber> found) {
        if (depth == tokens.length) {
            return addAll(found, node.subscribers);
        }
        Node rest = node.children.get(ONE_OR_MORE_TOKENS);
        if (rest != null) {
            found = addAll(found, rest.subscribers);
        }
        Node exact = node.children.get(tokens[depth]);
        if (exact != null) {
            found = collect(exact, tokens, depth + 1, found);
        }
        Node one = node.children.get(ONE_TOKEN);
        if (one != null) {
            found = collect(one, tokens, depth + 1, found);
        }
        return found;
    }

    private static Set<Subscriber> addAll(Set<Subscriber> found, Set<Subscriber> more) {
        if (more.isEmpty()) {
            return found;
        }
        Set<Subscriber> result = found == null ? new HashSet<>() : found;
        result.addAll(more);
        return result;
    }
}
