/**
 * Durable history: durable topics are committed to a relational database before anyone sees them, and come back
 * after a restart or a crash with their epochs, offsets and retained messages.
 * <p>
 * {@link io.switchboard.store.GroupCommit} is the engine's {@link io.switchboard.topic.Journal}: publishers queue
 * {@link io.switchboard.store.JournalOp}s for one writer thread ({@link io.switchboard.store.CommitWriter}) that
 * commits what they appended in one transaction, with the trims in bounded slices
 * ({@link io.switchboard.store.TrimBacklog}), delivery in each topic's order
 * ({@link io.switchboard.store.TopicLanes}), what may wait bounded for the hub and each client
 * ({@link io.switchboard.store.WaitingRoom}), and publishes refused while the database is unreachable
 * ({@link io.switchboard.store.Outage}). {@link io.switchboard.store.JdbcMessageStore} holds the SQL (prepared
 * statements only), {@link io.switchboard.store.Database} finds the data source (a container's, by JNDI name, or a
 * pool of its own for the embedded H2 file or a JDBC URL) and migrates its schema with Flyway,
 * {@link io.switchboard.store.H2Upkeep} forces and compacts the embedded file, which H2 itself does not while each
 * commit is written before its ack, and
 * {@link io.switchboard.store.Durability} opens and closes all of it with the application. In a cluster the nodes
 * share one database: each commits what it published, and {@link io.switchboard.store.TopicRecords} reads and
 * writes each topic's row at once when the cluster takes a topic up or forgets it.
 */
package io.switchboard.store;
