package io.switchboard.protocol;

/** The JSON body of every HTTP error: {@code {"code":"forbidden","message":"..."}}. */
public record ErrorBody(String code, String message) {

    public static ErrorBody of(SwitchboardException e) {
        return new ErrorBody(e.code().wireName(), e.getMessage());
    }
}
