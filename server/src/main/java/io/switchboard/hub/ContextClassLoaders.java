package io.switchboard.hub;

/**
 * Sends run with an empty thread context class loader. Tyrus re-arms the session's idle timer on every send through
 * its remotes, even with the timeout off, and on Payara that schedules a task on a managed executor, which captures
 * context by asking the context class loader for {@code ServiceLoader} files: with the application's loader, a
 * search of every jar of the web application and the server for each frame. Nothing in a send needs the
 * application's classes; completions run with the application's loader again.
 */
final class ContextClassLoaders {

    static final ClassLoader NO_RESOURCES = new ClassLoader(null) { };
    static final ClassLoader APPLICATION = ContextClassLoaders.class.getClassLoader();

    private ContextClassLoaders() {
    }

    /** Sets this thread's context class loader and returns the one it replaced. */
    static ClassLoader swap(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
    }
}
