// Package open311 holds the GeoReport v2 representations (the frozen
// specification of wiki.open311.org/GeoReport_v2) and their mapping from
// Streetfix's data. Each type carries both its JSON and its XML form; JSON
// responses are arrays, XML responses wrap the same items in a named root.
package open311

import (
	"encoding/json"
	"encoding/xml"
)

// Text is a field that may have no value. The spec's examples write such
// fields as null in JSON ("description":null, "account_id":null) and as an
// empty element in XML (<account_id/>), never as "" (which is not a valid
// datetime or URL), so every optional field of every answer is a Text.
type Text string

// MarshalJSON writes null for an empty Text.
func (t Text) MarshalJSON() ([]byte, error) {
	if t == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(t))
}

// Error is one error of the spec's error list.
type Error struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

// Errors is the XML root of an error answer.
type Errors struct {
	XMLName xml.Name `xml:"errors"`
	Errors  []Error
}

// Discovery describes the endpoint.
type Discovery struct {
	XMLName    xml.Name   `json:"-" xml:"discovery"`
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    Text       `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
	// Notes (an extension) says what this server does not take.
	Notes Text `json:"notes,omitempty" xml:"notes,omitempty"`
}

// Endpoint is one API endpoint of the discovery document.
type Endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

// Service is one service (a Streetfix category).
type Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	ServiceCode string   `json:"service_code" xml:"service_code"`
	ServiceName string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

// Services is the XML root of the service list.
type Services struct {
	XMLName  xml.Name `xml:"services"`
	Services []Service
}

// ServiceDefinition lists a service's attributes (extra questions).
type ServiceDefinition struct {
	XMLName     xml.Name    `json:"-" xml:"service_definition"`
	ServiceCode string      `json:"service_code" xml:"service_code"`
	Attributes  []Attribute `json:"attributes" xml:"attributes>attribute"`
}

// Attribute is one question of a service definition.
type Attribute struct {
	Variable            bool    `json:"variable" xml:"variable"`
	Code                string  `json:"code" xml:"code"`
	Datatype            string  `json:"datatype" xml:"datatype"`
	Required            bool    `json:"required" xml:"required"`
	DatatypeDescription Text    `json:"datatype_description" xml:"datatype_description"`
	Order               int     `json:"order" xml:"order"`
	Description         string  `json:"description" xml:"description"`
	Values              []Value `json:"values,omitempty" xml:"values>value,omitempty"`
}

// Value is an allowed answer of a list attribute.
type Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// Request is one service request as GET requests returns it.
type Request struct {
	XMLName           xml.Name  `json:"-" xml:"request"`
	ServiceRequestID  string    `json:"service_request_id" xml:"service_request_id"`
	Status            string    `json:"status" xml:"status"`
	StatusNotes       Text      `json:"status_notes" xml:"status_notes"`
	ServiceName       string    `json:"service_name" xml:"service_name"`
	ServiceCode       string    `json:"service_code" xml:"service_code"`
	Description       Text      `json:"description" xml:"description"`
	AgencyResponsible Text      `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     Text      `json:"service_notice" xml:"service_notice"`
	RequestedDatetime string    `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string    `json:"updated_datetime" xml:"updated_datetime"`
	ExpectedDatetime  Text      `json:"expected_datetime" xml:"expected_datetime"`
	Address           Text      `json:"address" xml:"address"`
	AddressID         Text      `json:"address_id" xml:"address_id"`
	Zipcode           Text      `json:"zipcode" xml:"zipcode"`
	Lat               float64   `json:"lat" xml:"lat"`
	Long              float64   `json:"long" xml:"long"`
	MediaURL          Text      `json:"media_url" xml:"media_url"`
	Extended          *Extended `json:"extended_attributes,omitempty" xml:"extended_attributes,omitempty"`
}

// Extended holds the widely used extended attributes (extensions=true).
type Extended struct {
	Title          string   `json:"title" xml:"title"`
	Theme          string   `json:"theme" xml:"theme"`
	Area           string   `json:"area" xml:"area"`
	AreaName       string   `json:"area_name" xml:"area_name"`
	DetailedStatus string   `json:"detailed_status" xml:"detailed_status"`
	SupportCount   int      `json:"support_count" xml:"support_count"`
	MediaURLs      []string `json:"media_urls" xml:"media_urls>media_url"`
}

// Requests is the XML root of a request list.
type Requests struct {
	XMLName  xml.Name `xml:"service_requests"`
	Requests []Request
}

// Created answers POST requests. The spec says service_request_id "should
// not be returned if token is returned" and token "should not be returned
// if service_request_id is returned": exactly one of them is set.
type Created struct {
	XMLName          xml.Name `json:"-" xml:"request"`
	ServiceRequestID string   `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
	Token            string   `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice    Text     `json:"service_notice" xml:"service_notice"`
	AccountID        Text     `json:"account_id" xml:"account_id"`
}

// CreatedList is the XML root of a POST answer.
type CreatedList struct {
	XMLName xml.Name `xml:"service_requests"`
	Items   []Created
}

// TokenAnswer maps a token to its request id (tokens/{token}).
type TokenAnswer struct {
	XMLName          xml.Name `json:"-" xml:"request"`
	ServiceRequestID string   `json:"service_request_id" xml:"service_request_id"`
	Token            string   `json:"token" xml:"token"`
}

// TokenList is the XML root of a token answer.
type TokenList struct {
	XMLName xml.Name `xml:"service_requests"`
	Items   []TokenAnswer
}
