package dev.gatehouse.driver;

/** A token given once (property, URL, password field or environment); it cannot change. */
record FixedToken(String token, String origin) implements TokenSource {
    @Override
    public void refused() {
        // nothing to look at again: the application has to give a new token
    }

    /** Records print their fields; this one must not. */
    @Override
    public String toString() {
        return "FixedToken[from " + origin + "]";
    }
}
